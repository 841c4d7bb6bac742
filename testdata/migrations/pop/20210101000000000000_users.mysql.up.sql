CREATE TABLE users (id char(36) PRIMARY KEY, email varchar(255) NOT NULL) ENGINE=InnoDB;
