import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyError, isThrottling } from "../../../src/aws/errors";
import { awsError } from "./awsError";

describe("error messages a user can act on", () => {
  it("says no credentials were found and how to add them", () => {
    const e = awsError("CredentialsProviderError", "Could not load credentials from any providers");
    const f = classifyError(e, { profile: "dev" });
    assert.equal(f.kind, "noCredentials");
    assert.match(f.message, /profile dev/);
    assert.match(f.message, /aws configure --profile dev/);
  });

  it("tells an expired SSO session to log in again with the profile", () => {
    const e = awsError(
      "CredentialsProviderError",
      "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login",
    );
    const f = classifyError(e, { profile: "dev" });
    assert.equal(f.kind, "ssoExpired");
    assert.match(f.message, /aws sso login --profile dev/);
  });

  it("recognises access denied, rejected keys, throttling and not found", () => {
    assert.equal(
      classifyError(awsError("AccessDeniedException", "User: x is not authorized", 403)).kind,
      "accessDenied",
    );
    assert.equal(
      classifyError(awsError("InvalidSignatureException", "signature mismatch", 403)).kind,
      "badCredentials",
    );
    assert.equal(
      classifyError(awsError("UnrecognizedClientException", "bad token", 403)).kind,
      "badCredentials",
    );
    assert.equal(classifyError(awsError("ThrottlingException", "Rate exceeded")).kind, "throttled");
    assert.equal(
      classifyError(awsError("ResourceNotFoundException", "Project cannot be found: x")).message,
      "Project cannot be found: x",
    );
    assert.ok(isThrottling(awsError("Whatever", "slow down", 429)));
  });

  it("names the endpoint that could not be reached", () => {
    const e = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4599"), { code: "ECONNREFUSED" });
    const f = classifyError(e, { endpoint: "http://127.0.0.1:4599" });
    assert.equal(f.kind, "unreachable");
    assert.match(f.message, /http:\/\/127\.0\.0\.1:4599/);
    const secret = classifyError(e, { endpoint: "https://ci:hunter2@proxy.internal:4566/?token=abc123" });
    assert.doesNotMatch(secret.message, /hunter2|abc123/, "no password or token in the message");
    assert.match(secret.message, /proxy\.internal:4566/);
  });

  it("treats an aborted request as a cancellation, not a failure", () => {
    const e = new Error("The operation was aborted");
    e.name = "AbortError";
    assert.equal(classifyError(e).kind, "aborted");
  });
});
