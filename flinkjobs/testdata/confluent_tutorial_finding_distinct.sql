-- Source: https://github.com/confluentinc/kafka-tutorials/tree/6225e7c1957911520391c7fe0e857138638714fe/_includes/tutorials/finding-distinct/flinksql
-- License: Apache-2.0 (Copyright Confluent, Inc.). The tutorial's Flink SQL client steps, in the order
-- of _data/harnesses/finding-distinct/flinksql.yml, each file copied verbatim:
--   code/tutorial-steps/dev/create-clicks-table.sql
--   code/tutorial-steps/dev/populate-clicks.sql
--   code/tutorial-steps/dev/deduplicate-click-events.sql
--   code/tutorial-steps/dev/create-deduplicated-clicks-table.sql
--   code/tutorial-steps/dev/populate-deduplicated-clicks-table.sql

-- code/tutorial-steps/dev/create-clicks-table.sql
CREATE TABLE clicks (
    ip_address VARCHAR, 
    url VARCHAR,
    click_ts_raw BIGINT
) WITH (
    'connector' = 'kafka',
    'topic' = 'clicks',
    'properties.bootstrap.servers' = 'broker:29092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'raw',
    'key.fields' = 'ip_address',
    'value.format' = 'json',
    'value.fields-include' = 'EXCEPT_KEY'
);

-- code/tutorial-steps/dev/populate-clicks.sql
INSERT INTO clicks
VALUES ( '10.0.0.1',  'https://acme.com/index.html',    1692812175),
       ( '10.0.0.12', 'https://amazon.com/index.html',  1692826575),
       ( '10.0.0.13', 'https://confluent/index.html',   1692826575),
       ( '10.0.0.1',  'https://acme.com/index.html',    1692812175),
       ( '10.0.0.12', 'https://amazon.com/index.html',  1692819375),
       ( '10.0.0.13', 'https://confluent/index.html',   1692826575);
-- code/tutorial-steps/dev/deduplicate-click-events.sql
SELECT ip_address, url, FROM_UNIXTIME(click_ts_raw) as click_timestamp
FROM (
       SELECT *,
       ROW_NUMBER() OVER ( PARTITION BY ip_address ORDER BY TO_TIMESTAMP(FROM_UNIXTIME(click_ts_raw)) ) as rownum FROM clicks 
      )
WHERE rownum = 1;

-- code/tutorial-steps/dev/create-deduplicated-clicks-table.sql
CREATE TABLE deduplicated_clicks (
    ip_address VARCHAR, 
    url VARCHAR,
    click_ts VARCHAR,
    PRIMARY KEY (ip_address) NOT ENFORCED
) WITH (
    'connector' = 'upsert-kafka',
    'topic' = 'deduplicated_clicks',
    'properties.bootstrap.servers' = 'broker:29092',
    'key.format' = 'raw',
    'value.format' = 'json',
    'value.fields-include' = 'EXCEPT_KEY'
);

-- code/tutorial-steps/dev/populate-deduplicated-clicks-table.sql
INSERT INTO deduplicated_clicks
    SELECT ip_address, url, FROM_UNIXTIME(click_ts_raw) as click_timestamp
    FROM (
          SELECT *,
          ROW_NUMBER() OVER ( PARTITION BY ip_address ORDER BY TO_TIMESTAMP(FROM_UNIXTIME(click_ts_raw)) ) as rownum FROM clicks 
         )
    WHERE rownum = 1;
