-- CreateTable
CREATE TABLE "LoginFailure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "time" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT,
    "role" TEXT NOT NULL,
    "provider" TEXT NOT NULL DEFAULT 'local',
    "externalId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL DEFAULT '',
    "updatedAt" DATETIME,
    "passwordChangedAt" DATETIME,
    "lastLoginAt" DATETIME,
    "disabledAt" DATETIME
);
INSERT INTO "new_User" ("createdAt", "disabledAt", "displayName", "id", "passwordHash", "role", "username") SELECT "createdAt", "disabledAt", "displayName", "id", "passwordHash", "role", "username" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
CREATE UNIQUE INDEX "User_provider_externalId_key" ON "User"("provider", "externalId");
CREATE TABLE "new_Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "provider" TEXT NOT NULL DEFAULT 'local',
    "csrfSecret" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "sourceIp" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL
);
INSERT INTO "new_Session" ("createdAt", "csrfSecret", "expiresAt", "id", "lastSeenAt", "sourceIp", "userAgent", "userId") SELECT "createdAt", "csrfSecret", "expiresAt", "id", "lastSeenAt", "sourceIp", "userAgent", "userId" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE INDEX "Session_userId_idx" ON "Session"("userId");
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "LoginFailure_key_time_idx" ON "LoginFailure"("key", "time");

-- CreateIndex
CREATE INDEX "LoginFailure_time_idx" ON "LoginFailure"("time");

