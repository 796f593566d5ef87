/** One section of `npm run bench`: tables for BENCHMARKS.md and raw data for test-results/bench.json. */
export interface BenchSection {
  id: string;
  title: string;
  intro?: string;
  tables: { columns: string[]; rows: string[][] }[];
  notes?: string[];
  data: unknown /* goes into bench.json */;
}
