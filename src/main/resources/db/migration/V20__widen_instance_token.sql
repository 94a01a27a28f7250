-- Instance tokens are stored encrypted (AES-256-GCM): enc:v1:<keyId>:<base64(nonce || ciphertext || tag)>.
-- A 255-character token becomes about 400 characters; V21 encrypts the rows stored before.
alter table instances alter column token type varchar(1024);

comment on column instances.token is 'AES-GCM sealed token, enc:v1:<keyId>:<base64>; never plaintext after V21';
