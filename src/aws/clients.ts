import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { Disposable, toDisposable } from "../core/disposable";
import { markOnce } from "../core/marks";
import { addBudgetMiddleware, type MiddlewareClient } from "./budgetMiddleware";
import type { Connection } from "./connection";
import { REQUEST_DEADLINE_MS, withDeadlines } from "./send";

/** What every SDK client of a connection is created with. */
export interface ClientConfig {
  readonly region: string;
  readonly credentials: AwsCredentialIdentityProvider;
  readonly profile?: string;
  readonly endpoint?: string;
  /** Keep the host as given (StartLiveTail's `stream-` prefix would not resolve on an override). */
  readonly disableHostPrefix?: boolean;
  readonly maxAttempts: number;
  /** The SDK's adaptive retry: exponential back-off with jitter, and client-side rate limiting on throttling. */
  readonly retryMode: "adaptive";
  readonly requestHandler: {
    readonly connectionTimeout: number;
    readonly requestTimeout: number;
    readonly throwOnRequestTimeout: boolean;
    readonly socketTimeout: number;
  };
}

/** Deadlines of each attempt, and of each request with its retries. */
export interface ClientTimeouts {
  readonly connectMs: number;
  readonly attemptMs: number;
  /** All attempts of one request together (aws/send.ts, withDeadlines). Default 40 s. */
  readonly requestMs?: number;
  /**
   * How long the credentials may take to come (a credential_process that waits for an MFA code,
   * an SSO refresh); after it requests fail at once until they come, or Refresh asks again.
   * Default 30 s.
   */
  readonly credentialsMs?: number;
}

export const DEFAULT_TIMEOUTS: ClientTimeouts = { connectMs: 4_000, attemptMs: 12_000 };

/** The error credentials that did not come in time reject with (classified as "noCredentials"). */
export function credentialsTimeoutError(profile: string | undefined, ms: number): Error {
  const error = new Error(
    `The credentials of profile ${profile ?? "default"} did not come within ${Math.round(ms / 1000)} s (a credential_process or SSO sign-in that waits?). Refresh to ask for them again.`,
  );
  error.name = "CredentialsTimeoutError";
  return error;
}

/** The clients of the connection in force when a call is made. */
export type ClientsSource = () => Promise<AwsClients>;

let credentialsModule: Promise<typeof import("./credentials.lazy.js")> | undefined;

/**
 * The credential providers' module, loading from the first call. A connection's clients start
 * it when a gateway first asks for them, so that it loads while the gateway's SDK module and
 * the connection load, not after them. A failed load is tried again at the next call.
 */
export function credentialProviders(): Promise<typeof import("./credentials.lazy.js")> {
  if (!credentialsModule) {
    const loading = import("./credentials.lazy.js");
    credentialsModule = loading;
    loading.catch(() => {
      if (credentialsModule === loading) credentialsModule = undefined;
    });
  }
  return credentialsModule;
}

/** Always these clients (tests, benchmarks). */
export function fixedClients(clients: AwsClients): ClientsSource {
  return () => Promise.resolve(clients);
}

/** An SDK client: it can be destroyed and takes middleware. */
export interface SdkClient extends MiddlewareClient {
  destroy(): void;
}

/**
 * The SDK clients of one connection, each created on first use — the SDK modules load then,
 * never at activation — and destroyed with it. Every request a client sends has the overall
 * deadline (withDeadlines): a stalled endpoint or a waiting credential_process ends it. A service asks for its client by key with a
 * factory that loads its SDK module (see each service's `sdk.lazy.ts`).
 */
export class AwsClients extends Disposable {
  private credentials: AwsCredentialIdentityProvider | undefined;
  private timedCredentials: TimedCredentials | undefined;
  private readonly clients = new Map<string, Promise<SdkClient>>();

  constructor(
    readonly connection: Connection,
    private readonly timeouts: ClientTimeouts = DEFAULT_TIMEOUTS,
  ) {
    super();
    this.register(
      toDisposable(() => {
        for (const client of this.clients.values())
          void client.then((c) => c.destroy()).catch(() => undefined);
        this.clients.clear();
      }),
    );
  }

  /** Refresh on the same connection: credentials still late after their timeout are asked for again. */
  renewCredentials(): void {
    this.timedCredentials?.renew();
  }

  client<C extends SdkClient>(key: string, create: (config: ClientConfig) => C | Promise<C>): Promise<C> {
    let client = this.clients.get(key) as Promise<C> | undefined;
    if (!client) {
      markOnce(`client asked ${key}`);
      client = this.config()
        .then(create)
        .then((made) => {
          markOnce(`client made ${key}`);
          addBudgetMiddleware(made);
          return withDeadlines(made, this.timeouts.requestMs ?? REQUEST_DEADLINE_MS);
        });
      this.clients.set(key, client);
      // A failed creation (say, a module that failed to load) is tried again next time.
      client.catch(() => this.clients.delete(key));
    }
    return client;
  }

  private async config(): Promise<ClientConfig> {
    if (this.disposed) throw new Error("The AWS connection was closed.");
    if (!this.credentials) {
      const { fromNodeProviderChain } = await credentialProviders();
      markOnce("credentials module loaded");
      // The SDK's own chain: env, SSO, shared files, credential_process, IMDS…; cached until expiry.
      const chain = () =>
        fromNodeProviderChain(this.connection.profile ? { profile: this.connection.profile } : {});
      this.timedCredentials = new TimedCredentials(
        chain,
        this.timeouts.credentialsMs ?? 30_000,
        this.connection.profile,
      );
      this.credentials = this.timedCredentials.provider;
    }
    return {
      region: this.connection.region,
      credentials: this.credentials,
      ...(this.connection.profile ? { profile: this.connection.profile } : {}),
      ...(this.connection.endpoint ? { endpoint: this.connection.endpoint, disableHostPrefix: true } : {}),
      maxAttempts: 3,
      retryMode: "adaptive",
      requestHandler: {
        connectionTimeout: this.timeouts.connectMs,
        // Each attempt: an error (not the handler's warning) when the answer takes longer.
        requestTimeout: this.timeouts.attemptMs,
        throwOnRequestTimeout: true,
        socketTimeout: this.timeouts.attemptMs,
      },
    };
  }
}

/**
 * A provider from `chain` whose answer may take at most `ms`. The chain keeps (memoizes) the
 * answer it waits for, and a credential_process cannot be ended from here: after a timeout the
 * provider fails at once, starting nothing, until that answer comes (late: it is used) or fails,
 * or `renew` (Refresh) asks a new chain.
 */
export class TimedCredentials {
  private current: AwsCredentialIdentityProvider;
  /** An answer that did not come in time and has not come since. */
  private late: Promise<unknown> | undefined;

  constructor(
    private readonly chain: () => AwsCredentialIdentityProvider,
    private readonly ms: number,
    private readonly profile: string | undefined,
  ) {
    this.current = chain();
  }

  readonly provider: AwsCredentialIdentityProvider = async (options) => {
    if (this.late) throw credentialsTimeoutError(this.profile, this.ms);
    const asked = this.current(options);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.late = asked;
        const settled = () => {
          if (this.late === asked) this.late = undefined;
        };
        asked.then(settled, settled);
        reject(credentialsTimeoutError(this.profile, this.ms));
      }, this.ms);
    });
    try {
      return await Promise.race([asked, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };

  /** Asks a new chain if the last answer is still late (the user may have fixed what it waits for). */
  renew(): void {
    if (!this.late) return;
    this.late = undefined;
    this.current = this.chain();
  }
}
