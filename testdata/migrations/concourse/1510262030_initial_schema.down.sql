DROP TABLE pipelines;
DROP TABLE jobs;
