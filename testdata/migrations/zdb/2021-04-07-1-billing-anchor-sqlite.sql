alter table sites add column billing_anchor timestamp check(billing_anchor = strftime('%Y-%m-%d %H:%M:%S', billing_anchor));
