-- Source: https://github.com/aws-samples/amazon-kinesis-data-analytics-examples/tree/a54a92d894656b9532e880deb990f7e86ca8238c
--   kda-udf-sample/notebooks/MaskPhoneNumber-Streaming.zpln
-- License: MIT-0 (MIT No Attribution, Copyright Amazon.com, Inc. or its affiliates).
-- A Studio (Zeppelin) notebook: its %flink.ssql paragraphs in order, each copied verbatim without
-- its interpreter line (shown as a comment above it), with a ';' added where a paragraph ended without one.
-- The notebook registers MaskPhoneNumber, a Java UDF, in a %flink (Scala) paragraph, left out.

-- %flink.ssql(type=update)
DROP TABLE IF EXISTS customer_reviews;

CREATE TABLE customer_reviews (
customer_id VARCHAR,
product VARCHAR,
review VARCHAR,
phone VARCHAR
)
WITH (
'connector' = 'kinesis',
'stream' = 'KinesisUDFSampleInputStream',
'aws.region' = 'us-east-1',
'scan.stream.initpos' = 'LATEST',
'format' = 'json');

-- %flink.ssql(type=update)
DROP VIEW IF EXISTS sentiments_view;

CREATE VIEW  
    sentiments_view
AS
  select customer_id, product, review, MaskPhoneNumber('mask_phone', phone) as phoneNumber from customer_reviews;

-- %flink.ssql(type=update)
DROP TABLE IF EXISTS customer_reviews_stream_table;

CREATE TABLE customer_reviews_stream_table (
customer_id VARCHAR,
product VARCHAR,
review VARCHAR,
phoneNumber varchar 
)
WITH (
'connector' = 'kinesis',
'stream' = 'KinesisUDFSampleOutputStream',
'aws.region' = 'us-east-1',
'scan.stream.initpos' = 'TRIM_HORIZON',
'format' = 'json');

-- %flink.ssql(type=update)
INSERT INTO customer_reviews_stream_table
SELECT customer_id, product, review, phoneNumber
FROM sentiments_view;
