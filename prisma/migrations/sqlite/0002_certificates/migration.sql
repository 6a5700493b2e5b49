-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "commonName" TEXT,
    "issuerName" TEXT NOT NULL,
    "sans" TEXT NOT NULL,
    "serialHex" TEXT NOT NULL,
    "notBefore" DATETIME NOT NULL,
    "notAfter" DATETIME NOT NULL,
    "keyAlgorithm" TEXT NOT NULL,
    "keySize" INTEGER NOT NULL,
    "curve" TEXT,
    "fingerprintSha1" TEXT NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "isCA" BOOLEAN NOT NULL,
    "pathLen" INTEGER,
    "keyUsage" TEXT,
    "extKeyUsage" TEXT,
    "subjectKeyId" TEXT,
    "authorityKeyId" TEXT,
    "isSelfSigned" BOOLEAN NOT NULL,
    "certificatePem" TEXT NOT NULL,
    "chainPem" TEXT NOT NULL,
    "issuerId" TEXT,
    "privateKey" TEXT,
    "issueParams" TEXT,
    "autoRenew" BOOLEAN NOT NULL DEFAULT false,
    "revokedAt" DATETIME,
    "revocationReason" TEXT,
    "renewedFromId" TEXT,
    "supersededById" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SecretBinding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "certificateId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shape" TEXT NOT NULL,
    "keys" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_fingerprintSha256_key" ON "Certificate"("fingerprintSha256");

-- CreateIndex
CREATE INDEX "Certificate_name_idx" ON "Certificate"("name");

-- CreateIndex
CREATE INDEX "Certificate_issuerId_idx" ON "Certificate"("issuerId");

-- CreateIndex
CREATE INDEX "Certificate_notAfter_idx" ON "Certificate"("notAfter");

-- CreateIndex
CREATE INDEX "Certificate_supersededById_idx" ON "Certificate"("supersededById");

-- CreateIndex
CREATE INDEX "SecretBinding_certificateId_idx" ON "SecretBinding"("certificateId");

-- CreateIndex
CREATE UNIQUE INDEX "SecretBinding_kind_namespace_name_key" ON "SecretBinding"("kind", "namespace", "name");

