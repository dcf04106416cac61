-- docker-compose only: one database per service, each owned by its own role, closed to the
-- others. The passwords are laptop defaults; on Kubernetes CloudNativePG makes real ones.
CREATE ROLE intake LOGIN PASSWORD 'intake';
CREATE ROLE housing LOGIN PASSWORD 'housing';
CREATE ROLE civic LOGIN PASSWORD 'civic';
CREATE ROLE reporting LOGIN PASSWORD 'reporting';

CREATE DATABASE intake OWNER intake;
CREATE DATABASE housing OWNER housing;
CREATE DATABASE civic OWNER civic;
CREATE DATABASE reporting OWNER reporting;

REVOKE ALL ON DATABASE intake FROM PUBLIC;
REVOKE ALL ON DATABASE housing FROM PUBLIC;
REVOKE ALL ON DATABASE civic FROM PUBLIC;
REVOKE ALL ON DATABASE reporting FROM PUBLIC;
