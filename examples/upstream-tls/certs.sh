#!/bin/sh
# The example's certificates, made exactly as the scenario makes them: a CA "flomesh.io" and a server
# certificate for foo.example.com (CN only, no subjectAltName) signed by it. Run in an empty directory.
set -eu
openssl genrsa 2048 > ca-key.pem

openssl req -new -x509 -nodes -days 365000 \
   -key ca-key.pem \
   -out ca-cert.pem \
   -subj '/CN=flomesh.io'

openssl genrsa -out server-key.pem 2048
openssl req -new -key server-key.pem -out server.csr -subj '/CN=foo.example.com'
openssl x509 -req -in server.csr -CA ca-cert.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -days 365
