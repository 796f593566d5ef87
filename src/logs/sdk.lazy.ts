// Loaded on first use (in a file of dist/lazy/: scripts/build.mjs): the CloudWatch Logs client and the commands we send.
export { CloudWatchLogsClient, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
