// Loaded on first use (a separate file in dist/): the CloudWatch Logs client and the commands we send.
export { CloudWatchLogsClient, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
