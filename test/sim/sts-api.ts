// STS as far as the extension needs it: GetCallerIdentity (the account a confirmation names).
import { SIM_ACCOUNT_ID, SIM_USER } from "./constants";
import type { Handler } from "./op-context";

const getCallerIdentity: Handler = () => ({
  UserId: "AIDASIMULATORUSER0000",
  Account: SIM_ACCOUNT_ID,
  Arn: `arn:aws:iam::${SIM_ACCOUNT_ID}:user/${SIM_USER}`,
});

export const stsOps: Record<string, Handler> = { GetCallerIdentity: getCallerIdentity };
