// The wire protocols the server understands, one line each, most specific first: the first
// front-end whose `claims` accepts a request handles it; requests nobody claims go to the
// fallback (JSON 1.1, whose errors are what a client without a protocol gets from AWS).
// To add one, write it in its own file (see json-protocol.ts) and add a line, e.g. `awsQuery,`.
import { awsJson1_0, awsJson1_1 } from "./json-protocol";
import type { FrontEnd } from "./protocol";
import { awsQuery } from "./query-protocol";
import { restXmlS3 } from "./s3-protocol";

export const FRONT_ENDS: readonly FrontEnd[] = [restXmlS3, awsJson1_0, awsJson1_1, awsQuery];

export const FALLBACK_FRONT_END: FrontEnd = awsJson1_1;
