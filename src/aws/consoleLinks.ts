/** Deep links into the AWS console for what the extension shows. */

export function accountOf(arn: string): string | undefined {
  return arn.split(":")[4] || undefined;
}

export function regionOf(arn: string): string | undefined {
  return arn.split(":")[3] || undefined;
}

export function consoleBase(region: string): string {
  return region.startsWith("cn-")
    ? `https://${region}.console.amazonaws.cn`
    : `https://${region}.console.aws.amazon.com`;
}
