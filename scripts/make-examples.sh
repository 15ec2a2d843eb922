#!/usr/bin/env bash
# Makes the sample files in examples/ that `npm run demo` reads: a small PKI (root, intermediate,
# server leaf), the leaf's key, a key that does not match, an expired certificate and a bundle in the
# wrong order. Fixed dates so the demo tells the same story for years. The outputs are committed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/examples/files"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cd "$work"

ca_config() { # $1 = directory of the CA
  mkdir -p "$1" && touch "$1/index.txt" && echo 1000 > "$1/serial"
  cat > "$1/ca.cnf" <<CNF
[ca]
default_ca = d
[d]
dir = $1
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
default_md = sha256
policy = any
unique_subject = no
copy_extensions = copy
[any]
commonName = supplied
organizationName = optional
countryName = optional
[v3_ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[v3_intermediate]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[v3_server]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:demo.example, DNS:www.demo.example, IP:127.0.0.1
CNF
}

# Root CA (self-signed, EC P-384), 2020 to 2060.
ca_config "$work/root"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out root.key 2>/dev/null
openssl req -new -key root.key -subj "/C=NL/O=Certkit Demo/CN=Certkit Demo Root CA" -out root.csr
openssl ca -batch -config root/ca.cnf -selfsign -keyfile root.key -in root.csr -out root.pem -notext \
  -startdate 20200101000000Z -enddate 20600101000000Z -extensions v3_ca 2>/dev/null

# Intermediate CA (EC P-256), 2020 to 2050.
ca_config "$work/int"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out int.key 2>/dev/null
openssl req -new -key int.key -subj "/C=NL/O=Certkit Demo/CN=Certkit Demo Issuing CA" -out int.csr
openssl ca -batch -config root/ca.cnf -cert root.pem -keyfile root.key -in int.csr -out intermediate.pem -notext \
  -startdate 20200101000000Z -enddate 20500101000000Z -extensions v3_intermediate 2>/dev/null

# Server leaf (RSA 2048), 2025-06-01 to 2035-06-01.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out server.key 2>/dev/null
openssl req -new -key server.key -subj "/O=Certkit Demo/CN=demo.example" -out server.csr
openssl ca -batch -config int/ca.cnf -cert intermediate.pem -keyfile int.key -in server.csr -out server.pem -notext \
  -startdate 20250601000000Z -enddate 20350601000000Z -extensions v3_server 2>/dev/null

# An expired leaf from the same intermediate, 2021 to 2022.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out old.key 2>/dev/null
openssl req -new -key old.key -subj "/O=Certkit Demo/CN=old.demo.example" -out old.csr
openssl ca -batch -config int/ca.cnf -cert intermediate.pem -keyfile int.key -in old.csr -out expired.pem -notext \
  -startdate 20210101000000Z -enddate 20220101000000Z -extensions v3_server 2>/dev/null

# Renewals for the rotation part of the demo: a good one (same names, RSA 3072, 2026 to 2036) and a
# careless one (EC P-256, drops www.demo.example).
cat >> int/ca.cnf <<CNF
[v3_narrow]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:demo.example
CNF
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out renewed.key 2>/dev/null
openssl req -new -key renewed.key -subj "/O=Certkit Demo/CN=demo.example" -out renewed.csr
openssl ca -batch -config int/ca.cnf -cert intermediate.pem -keyfile int.key -in renewed.csr -out renewed.pem -notext \
  -startdate 20260601000000Z -enddate 20360601000000Z -extensions v3_server 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out narrow.key 2>/dev/null
openssl req -new -key narrow.key -subj "/O=Certkit Demo/CN=demo.example" -out narrow.csr
openssl ca -batch -config int/ca.cnf -cert intermediate.pem -keyfile int.key -in narrow.csr -out narrow.pem -notext \
  -startdate 20260601000000Z -enddate 20360601000000Z -extensions v3_narrow 2>/dev/null

# A key that belongs to no certificate here.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other.key 2>/dev/null

cp root.pem "$out/root-ca.pem"
cp server.key "$out/server.key"
cp other.key "$out/other.key"
cp expired.pem "$out/expired.pem"
cat renewed.key renewed.pem intermediate.pem > "$out/renewed-bundle.pem"
cat narrow.key narrow.pem intermediate.pem > "$out/narrow-bundle.pem"
cat server.pem intermediate.pem > "$out/server-chain.pem"
# The same chain as an upload might arrive: root first, leaf last, with text in between.
{ echo "# uploaded bundle, in no particular order"; cat root.pem; echo; cat intermediate.pem; cat server.pem; } > "$out/unordered-bundle.pem"
openssl pkcs8 -topk8 -in server.key -v2 aes-256-cbc -passout pass:demo-password -out "$out/server-encrypted.key"
chmod 0644 "$out"/*
echo "examples written to $out"
