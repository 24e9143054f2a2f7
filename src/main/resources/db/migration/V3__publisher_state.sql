-- How far each publisher has read the change events: a publisher resumes from here after a restart.
CREATE TABLE publisher_state (
    name          VARCHAR(64) PRIMARY KEY,
    seq           BIGINT NOT NULL
);
