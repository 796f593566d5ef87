// The services the simulator serves: one line each. A line names the service, the front-end
// (protocol) it speaks, how that protocol names it (its `key`) and its operation handlers.
// To add one, write its handlers in their own files (see codebuild-api.ts) and add a line, e.g.
//   { name: "codedeploy", frontEnd: awsJson1_1, key: "CodeDeploy_20141006", ops: codedeployOps },
//   { name: "cloudwatch", signingName: "monitoring", frontEnd: awsJson1_0, key: "GraniteServiceVersion20100801", ops: cloudwatchOps },
import { cloudwatchOps } from "./cloudwatch-api";
import { CLOUDWATCH_TARGET, cloudwatchJson } from "./cloudwatch-protocol";
import { cloudformationOps } from "./cloudformation-api";
import { codebuildOps } from "./codebuild-api";
import { codedeployOps } from "./codedeploy-api";
import { codepipelineOps } from "./codepipeline-api";
import { CODEBUILD_PREFIX, CODEPIPELINE_PREFIX, LOGS_PREFIX } from "./constants";
import { awsJson1_1Streams } from "./event-stream-protocol";
import { awsJson1_1 } from "./json-protocol";
import { logsOps } from "./logs-api";
import { startLiveTail } from "./logs-live-tail";
import { awsQuery } from "./query-protocol";
import { s3Ops } from "./s3-api";
import { restXmlS3 } from "./s3-protocol";
import { stsOps } from "./sts-api";
import type { ServiceDef } from "./protocol";

export const SERVICES: readonly ServiceDef[] = [
  { name: "codebuild", frontEnd: awsJson1_1, key: CODEBUILD_PREFIX, ops: codebuildOps },
  { name: "logs", frontEnd: awsJson1_1, key: LOGS_PREFIX, ops: logsOps },
  { name: "logs", frontEnd: awsJson1_1Streams, key: LOGS_PREFIX, ops: { StartLiveTail: startLiveTail } },
  { name: "codepipeline", frontEnd: awsJson1_1, key: CODEPIPELINE_PREFIX, ops: codepipelineOps },
  { name: "codedeploy", frontEnd: awsJson1_1, key: "CodeDeploy_20141006", ops: codedeployOps },
  {
    name: "s3",
    frontEnd: restXmlS3,
    key: "2006-03-01",
    ops: s3Ops,
    xmlNamespace: "http://s3.amazonaws.com/doc/2006-03-01/",
    faultErrors: {
      throttle: { code: "SlowDown", status: 503, message: "Please reduce your request rate." },
      internal: {
        code: "InternalError",
        status: 500,
        message: "We encountered an internal error. Please try again.",
      },
      unavailable: {
        code: "ServiceUnavailable",
        status: 503,
        message: "Service is unable to handle request.",
      },
      expired: { code: "ExpiredToken", status: 400, message: "The provided token has expired." },
    },
  },
  {
    name: "cloudwatch",
    signingName: "monitoring",
    frontEnd: cloudwatchJson,
    key: CLOUDWATCH_TARGET,
    ops: cloudwatchOps,
  },
  {
    name: "sts",
    frontEnd: awsQuery,
    key: "2011-06-15",
    ops: stsOps,
    xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/",
    faultErrors: { throttle: { code: "Throttling", status: 400, message: "Rate exceeded" } },
  },
  {
    name: "cloudformation",
    frontEnd: awsQuery,
    key: "2010-05-15",
    ops: cloudformationOps,
    xmlNamespace: "http://cloudformation.amazonaws.com/doc/2010-05-15/",
    faultErrors: { throttle: { code: "Throttling", status: 400, message: "Rate exceeded" } },
  },
];

/** The name a service's requests must carry in their SigV4 credential scope. */
export function signingNameOf(service: ServiceDef): string {
  return service.signingName ?? service.name;
}
