-- The Orleans ADO.NET providers read their SQL from this table by key (SELECT QueryKey, QueryText FROM
-- OrleansQuery: unquoted, so PostgreSQL looks for orleansquery(querykey, querytext)).
CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64) PRIMARY KEY,
    querytext text        NOT NULL
);
