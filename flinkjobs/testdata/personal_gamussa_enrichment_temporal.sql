-- Source: https://github.com/gAmUssA/flink-sql-skill/tree/c60242cf25ecef4974f77c76d8c1781e35b7efcd/demos/enrichment-strategies
-- License: Apache-2.0 (the gAmUssA/flink-sql-skill repository). A Confluent Cloud demo: setup/create-tables.sql,
-- setup/seed-data.sql and 02-gradual-enrichment/pipeline.sql, in the order its README runs them, copied verbatim.

-- Shared tables for all 4 enrichment-strategy demos.
--
-- Target: Confluent Cloud for Apache Flink
--   Catalog:    current-2025-demo
--   Database:   maestro_gcp (cluster lkc-6vyxz8)
--   Compute:    lfcp-qdn2q6
--
-- Run from the CC Flink SQL shell or via `confluent flink statement create`.
-- On Confluent Cloud, CREATE TABLE automatically provisions the backing Kafka
-- topic — no separate topic creation needed.

-- ---------------------------------------------------------------------------
-- 1. Source event stream: orders (append-only)
-- ---------------------------------------------------------------------------
CREATE TABLE enrich_demo_orders (
  order_id STRING NOT NULL,
  customer_id STRING NOT NULL,
  amount DECIMAL(10, 2),
  order_time TIMESTAMP_LTZ(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) DISTRIBUTED BY HASH(order_id) INTO 1 BUCKETS
WITH (
  'changelog.mode' = 'append',
  'kafka.retention.time' = '1 d'
);

-- ---------------------------------------------------------------------------
-- 2. Enrichment CDC stream: customers (upsert / compacted)
--    Used by Demo 2 (gradual) and Demo 3 (bootstrap).
-- ---------------------------------------------------------------------------
CREATE TABLE enrich_demo_customers_cdc (
  customer_id STRING NOT NULL,
  name STRING,
  tier STRING,
  country STRING,
  updated_at TIMESTAMP_LTZ(3),
  PRIMARY KEY (customer_id) NOT ENFORCED,
  WATERMARK FOR updated_at AS updated_at - INTERVAL '5' SECOND
) DISTRIBUTED BY HASH(customer_id) INTO 1 BUCKETS
WITH (
  'changelog.mode' = 'upsert',
  'kafka.retention.time' = '0',
  'kafka.cleanup-policy' = 'compact'
);

-- ---------------------------------------------------------------------------
-- 3. Reference table for external enrichment: customers (compacted, no time)
--    Used by Demo 1. This plays the role of the "external source" that the
--    article describes — we use Kafka instead of JDBC because CC Flink
--    doesn't support JDBC lookup joins.
-- ---------------------------------------------------------------------------
CREATE TABLE enrich_demo_customers_ref (
  customer_id STRING NOT NULL,
  name STRING,
  tier STRING,
  country STRING,
  PRIMARY KEY (customer_id) NOT ENFORCED
) DISTRIBUTED BY HASH(customer_id) INTO 1 BUCKETS
WITH (
  'changelog.mode' = 'upsert',
  'kafka.retention.time' = '0',
  'kafka.cleanup-policy' = 'compact'
);

-- ---------------------------------------------------------------------------
-- 4. Gate signal stream: used by Demo 4 (PTF gated enrichment)
-- ---------------------------------------------------------------------------
CREATE TABLE enrich_demo_gate_signals (
  partition_key STRING NOT NULL,
  signal_type STRING NOT NULL,    -- 'OPEN' | 'CLOSE'
  signal_time TIMESTAMP_LTZ(3),
  WATERMARK FOR signal_time AS signal_time - INTERVAL '5' SECOND
) DISTRIBUTED BY HASH(partition_key) INTO 1 BUCKETS
WITH (
  'changelog.mode' = 'append',
  'kafka.retention.time' = '1 d'
);

-- Seed data for all enrichment demos.
--
-- Run these as separate Flink statements (each INSERT is its own job on CC).
-- Timing is deliberate — demos 2 and 4 depend on the ordering between
-- customer records and order events to illustrate the "warmup gap".

-- ---------------------------------------------------------------------------
-- Seed customers into the CDC stream (event-time temporal table)
-- ---------------------------------------------------------------------------
INSERT INTO enrich_demo_customers_cdc VALUES
  ('c-001', 'Alice Martin',   'GOLD',     'US', TIMESTAMP '2026-04-12 10:00:00.000'),
  ('c-002', 'Bob Chen',       'SILVER',   'SG', TIMESTAMP '2026-04-12 10:00:01.000'),
  ('c-003', 'Carol Dupont',   'PLATINUM', 'FR', TIMESTAMP '2026-04-12 10:00:02.000'),
  ('c-004', 'David Kumar',    'SILVER',   'IN', TIMESTAMP '2026-04-12 10:00:03.000');

-- Later: a tier upgrade (demonstrates versioned temporal join in Demo 2)
INSERT INTO enrich_demo_customers_cdc VALUES
  ('c-002', 'Bob Chen',       'GOLD',     'SG', TIMESTAMP '2026-04-12 10:05:00.000');

-- ---------------------------------------------------------------------------
-- Seed the reference table (used by Demo 1 — no updated_at column)
-- ---------------------------------------------------------------------------
INSERT INTO enrich_demo_customers_ref VALUES
  ('c-001', 'Alice Martin',   'GOLD',     'US'),
  ('c-002', 'Bob Chen',       'SILVER',   'SG'),
  ('c-003', 'Carol Dupont',   'PLATINUM', 'FR'),
  ('c-004', 'David Kumar',    'SILVER',   'IN');

-- ---------------------------------------------------------------------------
-- Seed orders (source event stream)
-- ---------------------------------------------------------------------------
INSERT INTO enrich_demo_orders VALUES
  ('o-1001', 'c-001',  49.99, TIMESTAMP '2026-04-12 10:01:00.000'),
  ('o-1002', 'c-002',  19.50, TIMESTAMP '2026-04-12 10:02:00.000'),
  ('o-1003', 'c-003', 150.00, TIMESTAMP '2026-04-12 10:03:00.000'),
  ('o-1004', 'c-001',   9.99, TIMESTAMP '2026-04-12 10:04:00.000'),
  ('o-1005', 'c-002',  79.00, TIMESTAMP '2026-04-12 10:06:00.000'),  -- after Bob's upgrade
  ('o-1006', 'c-004',  29.99, TIMESTAMP '2026-04-12 10:07:00.000'),
  ('o-1007', 'c-999', 199.99, TIMESTAMP '2026-04-12 10:08:00.000');  -- unknown customer

-- Demo 2: Gradual Enrichment via event-time temporal join.
--
-- Prerequisites: run ../setup/create-tables.sql

-- ---------------------------------------------------------------------------
-- Sink: enriched orders
-- ---------------------------------------------------------------------------
CREATE TABLE enrich_demo_orders_enriched_v2 (
  order_id       STRING NOT NULL,
  customer_id    STRING NOT NULL,
  customer_name  STRING,
  tier           STRING,
  country        STRING,
  amount         DECIMAL(10, 2),
  order_time     TIMESTAMP_LTZ(3),
  customer_version_time TIMESTAMP_LTZ(3)
) DISTRIBUTED BY HASH(order_id) INTO 1 BUCKETS
WITH (
  'changelog.mode' = 'append',
  'kafka.retention.time' = '1 d'
);

-- ---------------------------------------------------------------------------
-- Streaming job: event-time temporal join.
--
-- FOR SYSTEM_TIME AS OF o.order_time tells Flink: "look up the version of
-- the customer that was valid at the moment the order was placed."
--
-- Key properties:
--   * enrich_demo_customers_cdc has a PRIMARY KEY and watermark, so Flink
--     treats it as a versioned temporal table.
--   * Unmatched orders (customer not yet in state OR order time < any
--     customer version) don't emit. Switch to LEFT JOIN to pass them through.
--   * Versioning: if c-002's tier changes SILVER -> GOLD at 10:05:00, an
--     order at 10:02:00 joins against SILVER and an order at 10:06:00 joins
--     against GOLD.
-- ---------------------------------------------------------------------------
INSERT INTO enrich_demo_orders_enriched_v2
SELECT
  o.order_id,
  o.customer_id,
  c.name    AS customer_name,
  c.tier,
  c.country,
  o.amount,
  o.order_time,
  c.updated_at AS customer_version_time
FROM enrich_demo_orders o
JOIN enrich_demo_customers_cdc FOR SYSTEM_TIME AS OF o.order_time AS c
  ON o.customer_id = c.customer_id;
