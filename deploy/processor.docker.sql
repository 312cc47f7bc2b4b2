-- The fraud-detection job of processor.sql for containers, plus the seed's
-- last hop: flagged transactions also go to the DynamoDB table that
-- `sluice serve` reads (configs/ddb.json: key (transaction_id,
-- transaction_date), GSI 'account' on (account_id, transaction_date)).
-- In the seed a Kafka Connect sink did that; here the job writes the table.
--
-- docker-compose.yml mounts this file and runs it with
-- --sql /opt/sluice/deploy/processor.docker.sql; its properties are
-- deploy/application_properties.docker.json (/etc/flink/... in the image).
-- producer.config.2.endpoint is DynamoDB Local's URL there; set it to ''
-- (SLUICE_PROPERTY__PRODUCER_CONFIG_2__ENDPOINT=) to use the region's AWS
-- endpoint, as on ECS.
--
-- The Kafka tables take 'properties.security.protocol' from the properties:
-- PLAINTEXT for the compose broker, SSL for Amazon MSK's TLS listener (9094).
--
-- This is Flink SQL: `sluice render` prints it ready for Apache Flink with
-- the DynamoDB SQL connector.

SET 'execution.checkpointing.interval' = '10 s';

CREATE TABLE ${consumer.config.0.table.name} (
    account_id BIGINT,
    flag_date TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'topic' = '${consumer.config.0.topic.name}',
    'properties.bootstrap.servers' = '${consumer.config.0.bootstrap.servers}',
    'properties.security.protocol' = '${consumer.config.0.security.protocol}',
    'properties.group.id' = 'flagged-account-source-group',
    'format' = 'json',
    'scan.startup.mode' = '${consumer.config.0.startup.mode}'
);

CREATE TABLE ${consumer.config.1.table.name} (
    account_id BIGINT,
    customer_id VARCHAR(15),
    merchant_type VARCHAR(8),
    transaction_id VARCHAR(16),
    transaction_type VARCHAR(20),
    transaction_amount DECIMAL(10,2),
    transaction_date TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'topic' = '${consumer.config.1.topic.name}',
    'properties.bootstrap.servers' = '${consumer.config.1.bootstrap.servers}',
    'properties.security.protocol' = '${consumer.config.1.security.protocol}',
    'properties.group.id' = 'transaction-source-group',
    'format' = 'json',
    'scan.startup.mode' = '${consumer.config.1.startup.mode}'
);

CREATE TABLE ${producer.config.0.table.name} (
    account_id BIGINT,
    customer_id VARCHAR(15),
    merchant_type VARCHAR(8),
    transaction_id VARCHAR(16),
    transaction_type VARCHAR(20),
    transaction_amount DECIMAL(10,2),
    transaction_date TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'topic' = '${producer.config.0.topic.name}',
    'properties.bootstrap.servers' = '${producer.config.0.bootstrap.servers}',
    'properties.security.protocol' = '${producer.config.0.security.protocol}',
    'format' = 'json',
    'key.format' = 'json',
    'key.fields' = 'account_id;transaction_id',
    'properties.allow.auto.create.topics' = 'true'
);

-- The local print sink. Its connector is a property: 'print' on a laptop,
-- 'blackhole' where nobody reads stdout.
CREATE TABLE ${producer.config.1.table.name} (
    account_id BIGINT,
    customer_id VARCHAR(15),
    merchant_type VARCHAR(8),
    transaction_id VARCHAR(16),
    transaction_type VARCHAR(20),
    transaction_amount DECIMAL(10,2),
    transaction_date TIMESTAMP(3)
) WITH (
    'connector' = '${producer.config.1.connector}'
);

-- The DynamoDB table the API serves. Credentials come from the default AWS
-- chain (environment, ECS task role, web identity, instance profile).
CREATE TABLE ${producer.config.2.table.name} (
    account_id BIGINT,
    customer_id VARCHAR(15),
    merchant_type VARCHAR(8),
    transaction_id VARCHAR(16),
    transaction_type VARCHAR(20),
    transaction_amount DECIMAL(10,2),
    transaction_date TIMESTAMP(3),
    PRIMARY KEY (transaction_id, transaction_date) NOT ENFORCED
) WITH (
    'connector' = 'dynamodb',
    'table-name' = '${producer.config.2.ddb.table.name}',
    'aws.region' = '${producer.config.2.region}',
    'aws.endpoint' = '${producer.config.2.endpoint}'
);

EXECUTE STATEMENT SET
BEGIN
    INSERT INTO ${producer.config.0.table.name}
        SELECT l.*
        FROM ${consumer.config.1.table.name} AS l
        JOIN ${consumer.config.0.table.name} AS r
            ON l.account_id = r.account_id
            AND l.transaction_date > r.flag_date;
    INSERT INTO ${producer.config.1.table.name}
        SELECT l.*
        FROM ${consumer.config.1.table.name} AS l
        JOIN ${consumer.config.0.table.name} AS r
            ON l.account_id = r.account_id
            AND l.transaction_date > r.flag_date;
    INSERT INTO ${producer.config.2.table.name}
        SELECT l.*
        FROM ${consumer.config.1.table.name} AS l
        JOIN ${consumer.config.0.table.name} AS r
            ON l.account_id = r.account_id
            AND l.transaction_date > r.flag_date;
END;
