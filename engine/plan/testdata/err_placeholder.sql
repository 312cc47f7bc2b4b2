CREATE TABLE src (a BIGINT) WITH (
    'connector' = 'kafka',
    'topic' = '${consumer.config.9.topic.name}',
    'properties.bootstrap.servers' = 'localhost:29092',
    'format' = 'json'
);
