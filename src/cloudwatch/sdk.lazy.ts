// Loaded on first use (in a file of dist/lazy/: scripts/build.mjs): the CloudWatch client and the commands we send.
export {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
