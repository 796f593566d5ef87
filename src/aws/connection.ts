/** Which AWS account, region and endpoint the extension talks to, resolved the AWS way. */

export interface ConnectionSettings {
  /** `awsCicd.profile`; empty: AWS_PROFILE, then the default chain. */
  readonly profile?: string;
  /** `awsCicd.region`; empty: the profile's region, AWS_REGION, AWS_DEFAULT_REGION, us-east-1. */
  readonly region?: string;
  /** `awsCicd.endpointUrl`; empty: the profile's endpoint_url, then AWS_ENDPOINT_URL. */
  readonly endpointUrl?: string;
}

export interface Connection {
  /** The profile name, or undefined for the SDK's default chain (env keys, default profile, …). */
  readonly profile: string | undefined;
  readonly region: string;
  readonly endpoint: string | undefined;
  /** Where the endpoint came from, for the tooltip. */
  readonly endpointSource: "setting" | "profile" | "environment" | undefined;
}

export interface ProfileData {
  readonly region?: string;
  readonly endpoint_url?: string;
  readonly [key: string]: string | undefined;
}

export interface SharedConfig {
  readonly configFile: Readonly<Record<string, ProfileData>>;
  readonly credentialsFile: Readonly<Record<string, ProfileData>>;
}

export const DEFAULT_REGION = "us-east-1";

export function resolveConnection(
  settings: ConnectionSettings,
  env: NodeJS.ProcessEnv,
  shared: SharedConfig,
): Connection {
  const profile = settings.profile?.trim() || env.AWS_PROFILE?.trim() || undefined;
  const data = shared.configFile[profile ?? "default"] ?? {};
  const region =
    settings.region?.trim() || data.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_REGION;
  const fromSetting = settings.endpointUrl?.trim();
  if (fromSetting) return { profile, region, endpoint: fromSetting, endpointSource: "setting" };
  if (data.endpoint_url) return { profile, region, endpoint: data.endpoint_url, endpointSource: "profile" };
  if (env.AWS_ENDPOINT_URL)
    return { profile, region, endpoint: env.AWS_ENDPOINT_URL, endpointSource: "environment" };
  return { profile, region, endpoint: undefined, endpointSource: undefined };
}

/** Every profile named in the config and credentials files, sorted, `default` first. */
export function profileNames(shared: SharedConfig): string[] {
  const names = new Set([...Object.keys(shared.configFile), ...Object.keys(shared.credentialsFile)]);
  return [...names].sort((a, b) => (a === "default" ? -1 : b === "default" ? 1 : a.localeCompare(b)));
}

export function connectionLabel(connection: Connection): string {
  return `${connection.profile ?? "default"} · ${connection.region}`;
}

export function sameConnection(a: Connection, b: Connection): boolean {
  return a.profile === b.profile && a.region === b.region && a.endpoint === b.endpoint;
}

/** Regions offered by the picker (the ones CodeBuild runs in). */
export const REGIONS: readonly string[] = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "sa-east-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-east-1",
  "me-south-1",
  "af-south-1",
];
