-- Source: https://github.com/confluentinc/kafka-tutorials/tree/6225e7c1957911520391c7fe0e857138638714fe/_includes/tutorials/splitting/flinksql
-- License: Apache-2.0 (Copyright Confluent, Inc.). The tutorial's Flink SQL client steps, in the order
-- of _data/harnesses/splitting/flinksql.yml, each file copied verbatim:
--   code/tutorial-steps/dev/create-acting-events.sql
--   code/tutorial-steps/dev/populate-acting-events.sql
--   code/tutorial-steps/dev/transient-query-drama.sql
--   code/tutorial-steps/dev/transient-query-other.sql
--   code/tutorial-steps/dev/create-acting-events-drama.sql
--   code/tutorial-steps/dev/populate-acting-events-drama.sql
--   code/tutorial-steps/dev/create-acting-events-fantasy.sql
--   code/tutorial-steps/dev/populate-acting-events-fantasy.sql
--   code/tutorial-steps/dev/create-acting-events-other.sql
--   code/tutorial-steps/dev/populate-acting-events-other.sql

-- code/tutorial-steps/dev/create-acting-events.sql
CREATE TABLE acting_events (
    name STRING,
    title STRING,
    genre STRING
) WITH (
    'connector' = 'kafka',
    'topic' = 'acting-events',
    'properties.bootstrap.servers' = 'broker:9092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'avro-confluent',
    'key.avro-confluent.url' = 'http://schema-registry:8081',
    'key.fields' = 'name;title',
    'value.format' = 'avro-confluent',
    'value.avro-confluent.url' = 'http://schema-registry:8081',
    'value.fields-include' = 'ALL'
);

-- code/tutorial-steps/dev/populate-acting-events.sql
INSERT INTO acting_events VALUES
    ('Bill Murray', 'Ghostbusters', 'fantasy'),
    ('Christian Bale', 'The Dark Knight', 'crime'),
    ('Diane Keaton', 'The Godfather: Part II', 'crime'),
    ('Jennifer Aniston', 'Office Space', 'comedy'),
    ('Judy Garland', 'The Wizard of Oz', 'fantasy'),
    ('Keanu Reeves', 'The Matrix', 'fantasy'),
    ('Laura Dern', 'Jurassic Park', 'fantasy'),
    ('Matt Damon', 'The Martian', 'drama'),
    ('Meryl Streep', 'The Iron Lady', 'drama'),
    ('Russell Crowe', 'Gladiator', 'drama'),
    ('Will Smith', 'Men in Black', 'comedy');

-- code/tutorial-steps/dev/transient-query-drama.sql
SELECT name, title
FROM acting_events
WHERE genre = 'drama';

-- code/tutorial-steps/dev/transient-query-other.sql
SELECT name, title
FROM acting_events
WHERE genre <> 'drama' AND genre <> 'fantasy';

-- code/tutorial-steps/dev/create-acting-events-drama.sql
CREATE TABLE acting_events_drama (
    name  STRING,
    title STRING
) WITH (
    'connector' = 'kafka',
    'topic' = 'acting-events-drama',
    'properties.bootstrap.servers' = 'broker:9092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'avro-confluent',
    'key.avro-confluent.url' = 'http://schema-registry:8081',
    'key.fields' = 'name;title',
    'value.format' = 'avro-confluent',
    'value.avro-confluent.url' = 'http://schema-registry:8081',
    'value.fields-include' = 'ALL'
);

-- code/tutorial-steps/dev/populate-acting-events-drama.sql
INSERT INTO acting_events_drama
    SELECT name, title
    FROM acting_events
    WHERE genre = 'drama';

-- code/tutorial-steps/dev/create-acting-events-fantasy.sql
CREATE TABLE acting_events_fantasy (
    name  STRING,
    title STRING
)
    WITH (
    'connector' = 'kafka',
    'topic' = 'acting-events-fantasy',
    'properties.bootstrap.servers' = 'broker:9092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'avro-confluent',
    'key.avro-confluent.url' = 'http://schema-registry:8081',
    'key.fields' = 'name;title',
    'value.format' = 'avro-confluent',
    'value.avro-confluent.url' = 'http://schema-registry:8081',
    'value.fields-include' = 'ALL'
);
-- code/tutorial-steps/dev/populate-acting-events-fantasy.sql
INSERT INTO acting_events_fantasy
    SELECT name, title
    FROM acting_events
    WHERE genre = 'fantasy';

-- code/tutorial-steps/dev/create-acting-events-other.sql
CREATE TABLE acting_events_other (
    name  STRING,
    title STRING
) WITH (
    'connector' = 'kafka',
    'topic' = 'acting-events-other',
    'properties.bootstrap.servers' = 'broker:9092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'avro-confluent',
    'key.avro-confluent.url' = 'http://schema-registry:8081',
    'key.fields' = 'name;title',
    'value.format' = 'avro-confluent',
    'value.avro-confluent.url' = 'http://schema-registry:8081',
    'value.fields-include' = 'ALL'
);

-- code/tutorial-steps/dev/populate-acting-events-other.sql
INSERT INTO acting_events_other
    SELECT name, title
    FROM acting_events
    WHERE genre <> 'drama' AND genre <> 'fantasy';

