-- Source: https://github.com/apache/flink/blob/master/docs/content/docs/dev/table/sql/queries/joins.md
-- License: Apache-2.0 (The Apache Software Foundation). The page's complete statements, copied
-- verbatim; a ';' was added where a query ended without one. Left out: the syntax synopsis, the
-- SQL-client transcripts, and the event-time temporal join example, whose text has errors Flink
-- rejects too (METADATA FROM `values.source.timestamp` in backticks, a ',' before FROM; see
-- testdata/errors/metadata_from_backtick.sql).

SELECT *
FROM Orders
INNER JOIN Product
ON Orders.product_id = Product.id;

SELECT *
FROM Orders
LEFT JOIN Product
ON Orders.product_id = Product.id;

SELECT *
FROM Orders
RIGHT JOIN Product
ON Orders.product_id = Product.id;

SELECT *
FROM Orders
FULL OUTER JOIN Product
ON Orders.product_id = Product.id;

SELECT *
FROM Orders o, Shipments s
WHERE o.id = s.order_id
AND o.order_time BETWEEN s.ship_time - INTERVAL '4' HOUR AND s.ship_time;

-- Create a table of orders. This is a standard
-- append-only dynamic table.
CREATE TABLE orders (
    order_id    STRING,
    price       DECIMAL(32,2),
    currency    STRING,
    order_time  TIMESTAMP(3),
    WATERMARK FOR order_time AS order_time
) WITH (/* ... */);

SELECT
  o.amount, o.currency, r.rate, o.amount * r.rate
FROM
  Orders AS o
  JOIN LatestRates FOR SYSTEM_TIME AS OF o.proctime AS r
  ON r.currency = o.currency;

-- Customers is backed by the JDBC connector and can be used for lookup joins
CREATE TEMPORARY TABLE Customers (
  id INT,
  name STRING,
  country STRING,
  zip STRING
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:mysql://mysqlhost:3306/customerdb',
  'table-name' = 'customers'
);

-- enrich each order with customer information
SELECT o.order_id, o.total, c.country, c.zip
FROM Orders AS o
  JOIN Customers FOR SYSTEM_TIME AS OF o.proc_time AS c
    ON o.customer_id = c.id;

SELECT order_id, tag
FROM Orders CROSS JOIN UNNEST(tags) AS t (tag);

SELECT order_id, res
FROM Orders,
LATERAL TABLE(table_func(order_id)) t(res);

SELECT order_id, res
FROM Orders
LEFT OUTER JOIN LATERAL TABLE(table_func(order_id)) t(res)
  ON TRUE;
