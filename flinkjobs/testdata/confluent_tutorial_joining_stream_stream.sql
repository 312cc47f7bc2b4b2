-- Source: https://github.com/confluentinc/kafka-tutorials/tree/6225e7c1957911520391c7fe0e857138638714fe/_includes/tutorials/joining-stream-stream/flinksql
-- License: Apache-2.0 (Copyright Confluent, Inc.). The tutorial's Flink SQL client steps, in the order
-- of _data/harnesses/joining-stream-stream/flinksql.yml, each file copied verbatim:
--   code/tutorial-steps/dev/create-orders-table.sql
--   code/tutorial-steps/dev/create-shipments-table.sql
--   code/tutorial-steps/dev/populate-orders.sql
--   code/tutorial-steps/dev/populate-shipments.sql
--   code/tutorial-steps/dev/create-join-results-table.sql
--   code/tutorial-steps/dev/populate-shipped-orders-table.sql

-- code/tutorial-steps/dev/create-orders-table.sql
CREATE TABLE orders (
    id INT, 
    total_amount DOUBLE, 
    customer_name VARCHAR,
    order_ts_raw BIGINT
) WITH (
    'connector' = 'kafka',
    'topic' = 'orders',
    'properties.bootstrap.servers' = 'broker:29092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'raw',
    'key.fields' = 'id',
    'value.format' = 'json',
    'value.fields-include' = 'ALL'
);

-- code/tutorial-steps/dev/create-shipments-table.sql
CREATE TABLE shipments (
    id VARCHAR, 
    order_id INT, 
    warehouse VARCHAR,
    ship_ts_raw BIGINT
) WITH (
    'connector' = 'kafka',
    'topic' = 'shipments',
    'properties.bootstrap.servers' = 'broker:29092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'raw',
    'key.fields' = 'id',
    'value.format' = 'json',
    'value.fields-include' = 'ALL'
);

-- code/tutorial-steps/dev/populate-orders.sql
INSERT INTO orders
VALUES ( 1, 404.89, 'Art Vandelay',    1692812175),
       ( 2,  50.45, 'Bob Sacamanto',   1692826575),
       ( 3, 113.23, 'Bilbo Baggins',   1692826575),
       ( 4,  90.43, 'Harry Potter',    1692812175),
       ( 5, 495.22, 'John Hechinger',  1692819375),
       ( 6, 410.13, 'Mandelorean',     1692826575),
       ( 7, 333.84, 'Jane Smith',      1692822975),
       ( 8,  26.14, 'HJ Pennypacker' , 1692819375),
       ( 9, 450.77, 'Colonel Mustard', 1692812175),
       ( 10,195.13, 'Prof. Jones',     1692822975);

-- code/tutorial-steps/dev/populate-shipments.sql
INSERT INTO shipments
VALUES ('shipment_1',   1, 'Bar Harbor',     1692815775),
       ('shipment_2',   2, 'Boston',         1692851775),
       ('shipment_3',   3, 'Providence',     1692851775),
       ('shipment_4',   4, 'Springfield',    1692826575),
       ('shipment_5',   5, 'Bar Harbor',     1692822975),
       ('shipment_6',   6, 'Boston',         1692851775),
       ('shipment_7',   7, 'Jackson Hole',   1692840975),
       ('shipment_8',   8, 'Whitefish'   ,   1692822975),
       ('shipment_9',   9, 'Jackson Hole',   1692984975),
       ('shipment_10', 10, 'Columbia Falls', 1692984975);
       
-- code/tutorial-steps/dev/create-join-results-table.sql
CREATE TABLE shipped_orders (
    order_id INT,
    order_ts VARCHAR, 
    total DOUBLE, 
    customer VARCHAR,
    ship_id VARCHAR,
    ship_ts VARCHAR,
    warehouse VARCHAR,
    hours_to_ship INT
) WITH (
    'connector' = 'kafka',
    'topic' = 'shipped_orders',
    'properties.bootstrap.servers' = 'broker:29092',
    'scan.startup.mode' = 'earliest-offset',
    'key.format' = 'raw',
    'key.fields' = 'ship_id',
    'value.format' = 'json',
    'value.fields-include' = 'ALL'
);

-- code/tutorial-steps/dev/populate-shipped-orders-table.sql
INSERT INTO shipped_orders
    SELECT o.id as order_id,
           FROM_UNIXTIME(o.order_ts_raw) as ORDER_TS,
           o.total_amount as TOTAL,
           o.customer_name as CUSTOMER,
           s.id as SHIP_ID,
           FROM_UNIXTIME(s.ship_ts_raw) as SHIP_TS,
           s.warehouse,
           TIMESTAMPDIFF(HOUR,
             TO_TIMESTAMP(FROM_UNIXTIME(o.order_ts_raw)),
             TO_TIMESTAMP(FROM_UNIXTIME(s.ship_ts_raw))) as HR_TO_SHIP   
    FROM orders o inner join shipments s
    ON o.id = s.order_id
    AND TO_TIMESTAMP(FROM_UNIXTIME(s.ship_ts_raw)) 
     BETWEEN TO_TIMESTAMP(FROM_UNIXTIME(o.order_ts_raw)) 
     AND TO_TIMESTAMP(FROM_UNIXTIME(o.order_ts_raw))  + INTERVAL '7' DAY;


