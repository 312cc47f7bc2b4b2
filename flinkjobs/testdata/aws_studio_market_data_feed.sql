-- Source: https://github.com/aws-samples/amazon-kinesis-data-analytics-examples/tree/a54a92d894656b9532e880deb990f7e86ca8238c
--   Converting-KDASQL-KDAStudio/marketDataFeedNotebook/MarketDataFeedNotebook.zpln
-- License: MIT-0 (MIT No Attribution, Copyright Amazon.com, Inc. or its affiliates).
-- A Studio (Zeppelin) notebook: its %flink.ssql paragraphs in order, each copied verbatim without
-- its interpreter line (shown as a comment above it), with a ';' added where a paragraph ended without one.

-- %flink.ssql
DROP TABLE IF EXISTS  TRADE_SOURCE_STREAM;
CREATE TABLE  TRADE_SOURCE_STREAM (
--`arrival_time` TIMESTAMP(3) METADATA FROM 'timestamp' VIRTUAL,
TRADE_TIME TIMESTAMP(3),
WATERMARK FOR TRADE_TIME as TRADE_TIME - INTERVAL '5' SECOND,
TICKER STRING, 
PRICE DOUBLE
)
WITH ('connector' = 'kinesis','stream' = 'TRADE_SOURCE_STREAM','aws.region' = 'us-east-1','scan.stream.initpos' = 'LATEST','format' = 'csv');

-- %flink.ssql(type=update)
-- testing the source stream
select * from TRADE_SOURCE_STREAM;

-- %flink.ssql(type=update)
select TUMBLE_ROWTIME(TRADE_TIME, INTERVAL '1' MINUTE) as TRADE_WINDOW, TICKER, COUNT(*) as VOLUME, AVG(PRICE) as AVG_PRICE, MIN(PRICE) as MIN_PRICE, MAX(PRICE) as MAX_PRICE FROM TRADE_SOURCE_STREAM
GROUP BY TUMBLE(TRADE_TIME, INTERVAL '1' MINUTE), TICKER;

-- %flink.ssql(type=update)
DROP TABLE IF EXISTS  TRADE_DESTINATION_S3;
CREATE TABLE TRADE_DESTINATION_S3 (
TRADE_WINDOW_START TIMESTAMP(3),
WATERMARK FOR TRADE_WINDOW_START as TRADE_WINDOW_START - INTERVAL '5' SECOND,
TICKER STRING, 
VOLUME BIGINT,
AVG_PRICE DOUBLE,
MIN_PRICE DOUBLE,
MAX_PRICE DOUBLE)
WITH ('connector' = 'filesystem','path' = 's3://kdastudiostack-markettradinganalyticsc9cd0013-1w30ovdr9km87/','format' = 'csv');

-- %flink.ssql(type=update)
insert into TRADE_DESTINATION_S3
select TUMBLE_ROWTIME(TRADE_TIME, INTERVAL '1' MINUTE), TICKER, COUNT(*) as VOLUME, AVG(PRICE) as AVG_PRICE, MIN(PRICE) as MIN_PRICE, MAX(PRICE) as MAX_PRICE FROM TRADE_SOURCE_STREAM
GROUP BY TUMBLE(TRADE_TIME, INTERVAL '1' MINUTE), TICKER;
