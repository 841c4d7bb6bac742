alter table sites add column billing_anchor timestamp;
