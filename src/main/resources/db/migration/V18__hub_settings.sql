-- Values made once for the whole hub and shared by every instance of it (docs/ARCHITECTURE.md, "Storage and
-- instances"): the link secret and the admin token when the environment gives none, and the hub's identity. The first
-- instance to start inserts each; the others read that row. Written for both H2 and PostgreSQL.
-- Whoever can read this table can read the secrets, as whoever can write the database can change anything the hub
-- holds: backups and replicas are as secret as the database itself.
CREATE TABLE hub_setting (
    name        VARCHAR PRIMARY KEY,
    val         VARCHAR NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR
);
