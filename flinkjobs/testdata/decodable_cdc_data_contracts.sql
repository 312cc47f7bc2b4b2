-- Source: https://github.com/decodableco/examples/blob/decae7a30dd7803cc95b3a4e1c3cac1fba7bd87b/cdc-data-contracts/README.md
-- License: Apache-2.0 (Copyright Decodable). The README's Flink SQL statements (the CDC source, the
-- public upsert-kafka table and the INSERT between them), copied verbatim; left out: the SQL run in
-- Postgres and the SQL client's STOP JOB/savepoint commands.

CREATE TABLE customers (
   id INT,
   fname STRING,
   lname STRING,
   email STRING,
   street STRING,
   zip STRING,
   city STRING,
   phone STRING,
   status INT,
   registered TIMESTAMP,
   PRIMARY KEY (id) NOT ENFORCED
 ) WITH (
   'connector' = 'postgres-cdc',
   'hostname' = 'postgres',
   'port' = '5432',
   'username' = 'postgres',
   'password' = 'postgres',
   'database-name' = 'postgres',
   'schema-name' = 'inventory',
   'table-name' = 'customers',
   'slot.name' = 'customers_replication_slot',
   'decoding.plugin.name' = 'pgoutput'
 );

CREATE TABLE customers_public (
  id INT,
  first_name STRING,
  last_name STRING,
  email STRING,
  zip STRING,
  phone STRING,
  status STRING,
  registration_date STRING,
  PRIMARY KEY (id) NOT ENFORCED
 )
WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'customers',
  'properties.bootstrap.servers' = 'redpanda:29092',
  'key.format' = 'json', 'value.format' = 'json'
);

INSERT INTO customers_public
  SELECT 
    id,
    fname AS first_name,
    lname AS last_name,
    email,
    zip,
    phone,
    CASE
      WHEN status = 1 THEN 'NEW'
      WHEN status = 2 THEN 'VIP'
      WHEN status = 3 THEN 'BLOCKED'
      ELSE 'STANDARD'
    END,
    DATE_FORMAT(registered, 'dd-MM-yyyy')
  FROM customers;

INSERT INTO customers_public
  SELECT 
    id,
    COALESCE(fname, first_name),
    lname,
    email,
    zip,
    phone,
    CASE
      WHEN status = 1 THEN 'NEW'
      WHEN status = 2 THEN 'VIP'
      WHEN status = 3 THEN 'BLOCKED'
      ELSE 'STANDARD'
    END,
    DATE_FORMAT(registered, 'dd-MM-yyyy')
  FROM customers;

CREATE TABLE phone_numbers (
   id INT,
   customer_id INT,
   `value` STRING,
   preferred BOOLEAN,
   PRIMARY KEY (id) NOT ENFORCED
 ) WITH (
   'connector' = 'postgres-cdc',
   'hostname' = 'postgres',
   'port' = '5432',
   'username' = 'postgres',
   'password' = 'postgres',
   'database-name' = 'postgres',
   'schema-name' = 'inventory',
   'table-name' = 'phone_numbers',
   'slot.name' = 'phone_numbers_replication_slot',
   'decoding.plugin.name' = 'pgoutput'
 );

INSERT INTO customers_public
  SELECT
    c.id,
    c.fname,
    c.lname,
    c.email,
    c.zip,
    COALESCE(c.phone, preferred.`value`),
    CASE
      WHEN status = 1 THEN 'NEW'
      WHEN status = 2 THEN 'VIP'
      WHEN status = 3 THEN 'BLOCKED'
      ELSE 'STANDARD'
    END AS status,
    DATE_FORMAT(registered, 'dd-MM-yyyy'),
    JSON_ARRAYAGG(further_phones.`value`)
  FROM
    customers c
    LEFT JOIN
      (SELECT * FROM phone_numbers WHERE preferred = true) preferred
      ON c.id = preferred.customer_id
    LEFT JOIN
      (SELECT * FROM phone_numbers WHERE preferred = false) further_phones
      ON c.id = further_phones.customer_id
  GROUP BY
    c.id, fname, lname, email, zip, c.phone, registered, status, preferred.`value`;
