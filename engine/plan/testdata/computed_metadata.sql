CREATE TABLE events (
    k BIGINT,
    kafka_ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
    part INT METADATA FROM 'partition' VIRTUAL,
    age_ms AS TIMESTAMPDIFF(SECOND, kafka_ts, PROCTIME()),
    where_from AS CAST(part AS STRING) || ':' || CAST(k AS STRING)
) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
CREATE TABLE flags (k BIGINT, note STRING, flagged AS note IS NOT NULL) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
CREATE TABLE o (k BIGINT, where_from STRING, flagged BOOLEAN) WITH ('connector' = 'print');
INSERT INTO o SELECT e.k, e.where_from, f.flagged FROM events e JOIN flags f ON e.k = f.k;
