-- CreateTable
CREATE TABLE "InstanceSetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Cluster" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "server" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "context" TEXT,
    "kubeconfig" TEXT,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "lastCheck" TEXT,
    "lastCheckedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ClusterPush" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "clusterId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "time" DATETIME NOT NULL,
    "actorName" TEXT NOT NULL,
    "storeRevision" INTEGER NOT NULL,
    "namespaces" TEXT NOT NULL,
    "prune" BOOLEAN NOT NULL,
    "force" BOOLEAN NOT NULL,
    "outcome" TEXT NOT NULL,
    "items" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ClusterObject" (
    "clusterId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owned" BOOLEAN NOT NULL,
    "manifest" TEXT NOT NULL,
    "pushedAt" DATETIME NOT NULL,
    "driftState" TEXT,
    "driftDiff" TEXT,
    "driftCheckedAt" DATETIME,

    PRIMARY KEY ("clusterId", "key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Cluster_name_key" ON "Cluster"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ClusterPush_clusterId_number_key" ON "ClusterPush"("clusterId", "number");

-- CreateIndex
CREATE INDEX "ClusterObject_clusterId_kind_namespace_idx" ON "ClusterObject"("clusterId", "kind", "namespace");

