// The sample project the demo and the e2e tests open: the `api-service` repository of the
// demo scenario (a git repository on branch `main` with origin github.com/example-org/api-service),
// with a buildspec.yml (which also activates the extension), an appspec.yml with its hook scripts
// (the CodeDeploy revision of the demo's api-service groups) and TypeScript sources whose
// compiler errors are exactly those the simulator's failing api-service build prints, at the
// same files, lines and columns, so a failed build's problems land on real lines; and an
// infra/template.yaml that the simulator's stack api-service-infra deploys an older version of.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { run } from "./proc";

export const SAMPLE_REMOTE = "https://github.com/example-org/api-service.git";

/** The project's set-up (first commit). */
const setupFiles: Record<string, string> = {
  "buildspec.yml": `version: 0.2

env:
  variables:
    NODE_ENV: production
    STAGE: dev

phases:
  install:
    runtime-versions:
      nodejs: 20
    commands:
      - npm ci
  pre_build:
    commands:
      - npm run lint
  build:
    commands:
      - npm run build
  post_build:
    commands:
      - echo Build completed on \`date\`

artifacts:
  files:
    - dist/**/*
    - package.json
    - package-lock.json

cache:
  paths:
    - node_modules/**/*
`,
  "package.json": `{
  "name": "api-service",
  "version": "2.3.0",
  "description": "Orders and users REST API",
  "private": true,
  "main": "dist/app.js",
  "scripts": {
    "build": "tsc -p .",
    "lint": "tsc --noEmit -p .",
    "start": "node dist/app.js"
  },
  "devDependencies": {
    "@types/node": "^20.17.0",
    "typescript": "^5.8.0"
  }
}
`,
  "tsconfig.json": `{
  "compilerOptions": { "target": "ES2022", "module": "commonjs", "strict": true, "outDir": "dist", "types": ["node"] },
  "include": ["src"]
}
`,
  ".gitignore": `node_modules/
dist/
`,
  // The CodeDeploy revision: this folder, bundled with its appspec and hook scripts (api-service's groups).
  "appspec.yml": `version: 0.0
os: linux
files:
  - source: /
    destination: /srv/api-service
hooks:
  ApplicationStop:
    - location: scripts/stop_server.sh
      timeout: 60
      runas: root
  BeforeInstall:
    - location: scripts/install_dependencies.sh
      timeout: 300
      runas: root
  ApplicationStart:
    - location: scripts/start_server.sh
      timeout: 120
      runas: root
  ValidateService:
    - location: scripts/validate_service.sh
      timeout: 120
`,
  "scripts/stop_server.sh": `#!/bin/bash
systemctl stop api-service || true
`,
  "scripts/install_dependencies.sh": `#!/bin/bash
set -e
cd /srv/api-service && npm ci --omit=dev
`,
  "scripts/start_server.sh": `#!/bin/bash
set -e
systemctl start api-service
`,
  "scripts/validate_service.sh": `#!/bin/bash
curl -fsS http://127.0.0.1:3000/orders > /dev/null
`,
  "README.md": `# api-service

Orders and users REST API, built by the CodeBuild project \`api-service\` with
[buildspec.yml](buildspec.yml).

    npm ci && npm run build && npm start
`,
};

/** The code (second commit). */
const codeFiles: Record<string, string> = {
  "src/app.ts": `import { createServer } from "node:http";
import { routes } from "./routes";

export interface ServerConfig {
  server: { host: string; port: number };
}

// Settings come from the environment; the defaults suit local development.
export const config: ServerConfig = {
  server: {
    host: process.env.HOST ?? "127.0.0.1",
    port: process.env.PORT ?? "3000",
  },
};

createServer((request, response) => {
  const handler = routes[request.url ?? "/"];
  if (!handler) {
    response.statusCode = 404;
    response.end();
    return;
  }
  response.setHeader("content-type", "application/json");
  response.end(JSON.stringify(handler()));
}).listen(config.server.port, config.server.host);
`,
  "src/handlers/orders.ts": `export interface Order {
  id: string;
  customer: string;
  items: { sku: string; quantity: number; price: number }[];
  total: number;
}

export interface OrderSummary {
  id: string;
  lines: { count: number; total: number };
}

const orders = new Map<string, Order>();

export function addOrder(order: Order): void {
  orders.set(order.id, order);
}

export function findOrder(id: string): Order | undefined {
  return orders.get(id);
}

export function listOrders(): Order[] {
  return [...orders.values()];
}

export function removeOrder(id: string): boolean {
  return orders.delete(id);
}

/** A summary for the order list: item count and the total in currency units. */
export function toSummary(order: Order): OrderSummary {
  const count = order.items.reduce((n, item) => n + item.quantity, 0);
  const cents = order.items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  if (cents !== order.total) {
    console.warn(\`order \${order.id}: total \${order.total} does not match its items (\${cents})\`);
  }
  return {
    id: order.id,
    lines: {
      count,
      total: (order.total / 100).toFixed(2),
    },
  };
}


export function ordersOf(customer: string): Order[] {
  return listOrders().filter((order) => order.customer === customer);
}

export function totalOf(customer: string): number {
  return ordersOf(customer).reduce((sum, order) => sum + order.total, 0);
}

export function validate(order: Order): string[] {
  const problems: string[] = [];
  if (!order.id) {
    problems.push("an order needs an id");
  }
  if (order.items.length === 0) {
    problems.push("an order needs at least one item");
  }
  for (const item of order.items) {
    if (item.quantity <= 0) {
      problems.push(\`item \${item.sku}: the quantity must be positive\`);
    }
    if (item.price < 0) {
      problems.push(\`item \${item.sku}: the price cannot be negative\`);
    }
  }
  return problems;
}

/** Orders placed since \`since\`, newest first. */
export function recentOrders(since: Date, placedAt: Map<string, Date>): Order[] {
  return listOrders()
    .filter((order) => (placedAt.get(order.id) ?? new Date(0)) >= since)
    .sort((a, b) => {
      const at = (order: Order) => placedAt.get(order.id)?.getTime() ?? 0;
      return at(b) - at(a);
    });
}

/** GET /orders/:id */
export function getOrder(id: string, reply: (body: unknown) => void): void {
  reply(toSummary(findOrder(id)));
}
`,
  "src/routes/index.ts": `import { listOrders } from "../handlers/orders";
// Each route answers with a JSON body.
import { listUsers } from "./users";

export const routes: Record<string, (() => unknown) | undefined> = {
  "/orders": () => listOrders(),
  "/users": () => listUsers(),
};
`,
  "src/routes/users.ts": `export interface User {
  id: string;
  name: string;
}

const users: User[] = [
  { id: "u1", name: "Alice" },
  { id: "u2", name: "Bob" },
];

export function allUsers(): User[] {
  return users;
}
`,
};

/** The service's infrastructure (third commit): the CloudFormation template the demo's stack
 *  api-service-infra deploys — a newer version than the one deployed (a dead-letter queue, the
 *  topic named per stage, more memory for the worker) — and its parameters file. */
const infraFiles: Record<string, string> = {
  "infra/template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Description: api-service infrastructure - the orders queue and table, the events topic, the worker and its alarms.

Parameters:
  Stage:
    Type: String
    AllowedValues: [dev, staging, prod]
    Default: dev
    Description: Deployment stage
  AlertEmail:
    Type: String
    Description: Where alarms and order events are sent
  ApiKey:
    Type: String
    NoEcho: true
    Description: Key the worker uses to call the payments API

Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub api-service-\${Stage}-orders
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH

  DeadLetterQueue:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600

  OrdersQueue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
      MessageRetentionPeriod: 345600
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt DeadLetterQueue.Arn
        maxReceiveCount: 5

  EventsTopic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub api-service-\${Stage}-events

  AlertSubscription:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref EventsTopic
      Protocol: email
      Endpoint: !Ref AlertEmail

  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: orders
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [sqs:ReceiveMessage, sqs:DeleteMessage]
                Resource: !GetAtt OrdersQueue.Arn
              - Effect: Allow
                Action: [dynamodb:GetItem, dynamodb:PutItem]
                Resource: !GetAtt OrdersTable.Arn
              - Effect: Allow
                Action: sns:Publish
                Resource: !Ref EventsTopic

  WorkerFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt WorkerRole.Arn
      MemorySize: 512
      Timeout: 30
      Environment:
        Variables:
          TABLE: !Ref OrdersTable
          TOPIC: !Ref EventsTopic
          API_KEY: !Ref ApiKey
      Code:
        ZipFile: |
          exports.handler = async (event) => ({ received: event.Records?.length ?? 0 });

  Monitoring:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://api-service-templates.s3.us-east-1.amazonaws.com/monitoring.yaml
      Parameters:
        QueueName: !GetAtt OrdersQueue.QueueName
        TopicArn: !Ref EventsTopic

Outputs:
  QueueUrl:
    Description: Where orders are queued
    Value: !Ref OrdersQueue
    Export:
      Name: !Sub \${AWS::StackName}-queue-url
  DeadLetterQueueUrl:
    Description: Orders that failed five times
    Value: !Ref DeadLetterQueue
  TableName:
    Value: !Ref OrdersTable
  TopicArn:
    Value: !Ref EventsTopic
`,
  "infra/template.parameters.json": `[
  {
    "ParameterKey": "Stage",
    "ParameterValue": "prod"
  },
  {
    "ParameterKey": "AlertEmail",
    "ParameterValue": "oncall@example.com"
  }
]
`,
};

const gitIdentity = ["-c", "user.name=Demo Developer", "-c", "user.email=demo@example.com"];

function git(cwd: string, ...args: string[]): void {
  run("git", [...gitIdentity, ...args], { cwd, stdio: ["ignore", "ignore", "inherit"] });
}

function commit(dir: string, files: Record<string, string>, message: string): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", message);
}

/**
 * Creates the sample repository in `dir` (two commits on `main`), replacing what is there;
 * unless `fresh` is false and it is a git repository already.
 */
export function createSampleWorkspace(dir: string, options: { fresh?: boolean } = {}): string {
  if (!options.fresh && existsSync(path.join(dir, ".git"))) {
    return dir;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  git(dir, "remote", "add", "origin", SAMPLE_REMOTE);
  commit(dir, setupFiles, "Set up the api-service build");
  commit(dir, codeFiles, "Orders and users endpoints");
  commit(dir, infraFiles, "Infrastructure: a dead-letter queue for orders");
  return dir;
}
