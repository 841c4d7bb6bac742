CREATE TABLE prices (id bigint, amount numeric(12,4), raw numeric, ratio float8, seen timestamptz, at timestamp(6), day timestamp);
-- migration
ALTER TABLE prices ALTER COLUMN amount TYPE numeric(12,2); -- want `lossy-type-change: changing column "prices.amount" from numeric\(12,4\) to numeric\(12,2\) rounds every value to 2 decimal places, which changing it back cannot restore`
ALTER TABLE prices ALTER COLUMN raw TYPE numeric(20,0); -- want `lossy-type-change: .*"prices.raw".* rounds every value to 0 decimal places`
ALTER TABLE prices ALTER COLUMN ratio TYPE real; -- want `lossy-type-change: .*"prices.ratio".*6 significant digits`
ALTER TABLE prices ALTER COLUMN seen TYPE date; -- want `lossy-type-change: .*"prices.seen".*drops the time of day`
ALTER TABLE prices ALTER COLUMN at TYPE timestamp(0), ALTER COLUMN day TYPE timestamp(3); -- want `lossy-type-change: .*"prices.at".*0 digits` `lossy-type-change: .*"prices.day".*3 digits`
ALTER TABLE prices ALTER COLUMN id TYPE integer;
