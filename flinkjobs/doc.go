// Package flinkjobs is a test set of real Flink SQL jobs from public,
// permissively licensed repositories (the Flink SQL cookbook, Nexmark,
// Amazon Managed Flink examples and Studio notebooks, Confluent and
// Decodable examples, personal job collections), and a test that plans each
// of them with Sluice as `sluice explain` would, after swapping every
// table's connector to Kafka with JSON (sql/kafkaswap).
//
// The test reports how many jobs plan and what blocks the others, and fails
// when the count drops below testdata/floor.txt, or when a job panics or
// hangs. It is how breadth of Flink SQL support is measured: see TestCorpus.
//
// The jobs are testdata/*.sql (one job per file, each naming its source and
// licence in its first lines) and the jobs listed in testdata/reused.txt,
// which are put together from sql/syntax/testdata/corpus files (that parser
// corpus holds Nexmark's DDL and its queries in separate files, as the
// Nexmark runner does).
package flinkjobs
