// Loaded on first use (in a file of dist/lazy/: scripts/build.mjs): the CloudWatch Logs client and the commands tails and searches send.
export {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  StartLiveTailCommand,
} from "@aws-sdk/client-cloudwatch-logs";
