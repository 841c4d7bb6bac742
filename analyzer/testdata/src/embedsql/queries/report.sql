-- monthly report
SELECT amount FROM invoices WHERE paid;
