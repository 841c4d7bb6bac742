CREATE TABLE users (id bigint);
-- migration
CREATE TRIGGER users_audit AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION audit();
DROP TRIGGER users_audit ON users;
CREATE TABLE fresh (id bigint);
DROP TRIGGER IF EXISTS fresh_trg ON fresh;
