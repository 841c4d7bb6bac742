DELETE FROM refunds;
