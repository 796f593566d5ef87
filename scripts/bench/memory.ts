import type { BenchSection } from "./section";
export async function run(): Promise<BenchSection> {
  return Promise.reject(new Error("not written yet"));
}
