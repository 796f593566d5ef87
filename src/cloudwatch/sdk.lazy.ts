// Loaded on first use (a separate file in dist/): the CloudWatch client and the commands we send.
export {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
