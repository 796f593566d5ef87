/** An error shaped as the SDK throws it for an AWS error answer. */
export function awsError(name: string, message: string, status = 400): Error {
  const error = new Error(message) as Error & { $metadata: { httpStatusCode: number } };
  error.name = name;
  error.$metadata = { httpStatusCode: status };
  return error;
}
