-- dropping other objects is not this rule's business
CREATE TABLE t (id bigint);
DROP TABLE t;
