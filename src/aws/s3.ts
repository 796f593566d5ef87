import type { ClientsSource } from "./clients";

/**
 * The connection's S3 client, shared by every service that uploads. With an endpoint override
 * (the simulator, LocalStack) requests are path-style: bucket subdomains would not resolve. Each
 * request has the overall deadline, but for uploads (AwsClients, withDeadlines).
 */
export async function s3Client(clients: ClientsSource) {
  const [sdk, connection] = await Promise.all([import("./s3.lazy.js"), clients()]);
  const client = await connection.client(
    "s3",
    (config) => new sdk.S3Client({ ...config, forcePathStyle: config.endpoint !== undefined }),
  );
  return { client, sdk, region: connection.connection.region };
}
