-- CreateTable
CREATE TABLE "InstanceSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "InstanceSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Cluster" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "server" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "context" TEXT,
    "kubeconfig" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "lastCheck" TEXT,
    "lastCheckedAt" TIMESTAMP(3),

    CONSTRAINT "Cluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClusterPush" (
    "id" SERIAL NOT NULL,
    "clusterId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,
    "actorName" TEXT NOT NULL,
    "storeRevision" INTEGER NOT NULL,
    "namespaces" TEXT NOT NULL,
    "prune" BOOLEAN NOT NULL,
    "force" BOOLEAN NOT NULL,
    "outcome" TEXT NOT NULL,
    "items" TEXT NOT NULL,

    CONSTRAINT "ClusterPush_pkey" PRIMARY KEY ("id")
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
    "pushedAt" TIMESTAMP(3) NOT NULL,
    "driftState" TEXT,
    "driftDiff" TEXT,
    "driftCheckedAt" TIMESTAMP(3),

    CONSTRAINT "ClusterObject_pkey" PRIMARY KEY ("clusterId","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Cluster_name_key" ON "Cluster"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ClusterPush_clusterId_number_key" ON "ClusterPush"("clusterId", "number");

-- CreateIndex
CREATE INDEX "ClusterObject_clusterId_kind_namespace_idx" ON "ClusterObject"("clusterId", "kind", "namespace");

