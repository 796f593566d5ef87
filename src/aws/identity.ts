import type { AwsClients } from "./clients";

const accounts = new WeakMap<AwsClients, Promise<string | undefined>>();

/**
 * The account the connection's credentials belong to (STS GetCallerIdentity), asked once per
 * connection; undefined when STS does not answer (the confirmation then says so).
 */
export function accountOf(clients: AwsClients, signal: AbortSignal): Promise<string | undefined> {
  let account = accounts.get(clients);
  if (!account) {
    account = (async () => {
      const sdk = await import("./sts.lazy.js");
      const client = await clients.client("sts", (config) => new sdk.STSClient(config));
      const answer = await client.send(new sdk.GetCallerIdentityCommand({}), { abortSignal: signal });
      return answer.Account;
    })();
    accounts.set(clients, account);
    // A failure is not remembered: the next confirmation asks again.
    account.catch(() => accounts.delete(clients));
  }
  return account;
}
