// The sample project the demo and the e2e tests open: a git repository on branch `main` with a
// buildspec.yml (which also activates the extension), a package.json and a little TypeScript.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { run } from "./proc";

const files: Record<string, string> = {
  "buildspec.yml": `version: 0.2

env:
  variables:
    NODE_ENV: production

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
      - npm test
  post_build:
    commands:
      - echo "Build finished on $(date)"

artifacts:
  files:
    - dist/**/*
  base-directory: .

cache:
  paths:
    - node_modules/**/*
`,
  "package.json": `{
  "name": "web-app",
  "version": "1.4.0",
  "private": true,
  "scripts": {
    "build": "tsc -p .",
    "lint": "tsc --noEmit -p .",
    "test": "node --test dist/"
  },
  "devDependencies": {
    "typescript": "^5.8.0"
  }
}
`,
  "tsconfig.json": `{
  "compilerOptions": { "target": "ES2022", "module": "commonjs", "strict": true, "outDir": "dist" },
  "include": ["src"]
}
`,
  "src/app.ts": `import { createServer } from "node:http";

export interface Greeting {
  message: string;
  at: string;
}

export function greet(name: string): Greeting {
  return { message: \`Hello, \${name}!\`, at: new Date().toISOString() };
}

const port = Number(process.env.PORT ?? 3000);
createServer((request, response) => {
  const name = new URL(request.url ?? "/", "http://localhost").searchParams.get("name") ?? "world";
  response.setHeader("content-type", "application/json");
  response.end(JSON.stringify(greet(name)));
}).listen(port);
`,
  "README.md": `# web-app

A sample service built by the CodeBuild project \`web-app\` (see buildspec.yml).
`,
  ".gitignore": "node_modules/\ndist/\n",
};

const gitIdentity = ["-c", "user.name=Demo Developer", "-c", "user.email=demo@example.com"];

function git(cwd: string, ...args: string[]): void {
  run("git", [...gitIdentity, ...args], { cwd, stdio: ["ignore", "ignore", "inherit"] });
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
  const write = (name: string) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, files[name] ?? "");
  };
  git(dir, "init", "-q", "-b", "main");
  for (const name of ["buildspec.yml", "package.json", "tsconfig.json", ".gitignore", "README.md"]) {
    write(name);
  }
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "Set up the web-app build");
  write("src/app.ts");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "Add the greeting endpoint");
  return dir;
}
