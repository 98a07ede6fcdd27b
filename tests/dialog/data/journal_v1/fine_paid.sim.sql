BEGIN TRANSACTION;
CREATE TABLE "applications" (
   "txn_id" TEXT PRIMARY KEY,
   "number" TEXT,
   "backend" TEXT,
   "kind" TEXT,
   "what" TEXT,
   "status" TEXT,
   "ready" TEXT,
   "application_no" TEXT,
   "pickup_place" TEXT,
   "pickup_until" TEXT
);
INSERT INTO "applications" VALUES('seed-1','330903198508201315','household','id_card','身份证换领','制证中','2025-06-06','HJ0001',NULL,NULL);
INSERT INTO "applications" VALUES('seed-2','330903198508201315','exit_entry','permit','往来港澳通行证','已签发，可以领取',NULL,'CR0001','定海旗舰店出入境窗口，东瀛路226号','2025-08-20');
CREATE TABLE "orders" (
   "order_id" TEXT PRIMARY KEY,
   "txn_id" TEXT,
   "amount" REAL,
   "subject" TEXT,
   "status" TEXT,
   "created" REAL,
   "paid_at" REAL,
   "charges" INTEGER,
   "method" TEXT
);
INSERT INTO "orders" VALUES('chat-20261206-094908-587f8ba5bfe5-1-p1','chat-20261206-094908-587f8ba5bfe5-1',317.5,'缴纳交通违法罚款','paid',112.5,143.5,1,'qr');
CREATE TABLE "persons" (
   "key" TEXT,
   "number" TEXT PRIMARY KEY,
   "name" TEXT,
   "birth" TEXT,
   "card" TEXT,
   "official" INTEGER,
   "g_eligible" INTEGER,
   "permit_until" TEXT,
   "licence_until" TEXT,
   "health_cert" TEXT,
   "points" INTEGER,
   "mobile" TEXT
);
INSERT INTO "persons" VALUES('expired','330902195304121241','王秀英','1953-04-12','{"name": "王秀英", "number": "330902195304121241", "sex": "女", "birth_date": "1953-04-12", "address": "浙江省舟山市定海区解放西路18号", "valid_from": "2004-04-27", "valid_until": "2024-04-27", "photo": "chip-expired"}',0,0,NULL,'2025-07-01','2025-05-12',0,'13905801234');
INSERT INTO "persons" VALUES('valid','330903198508201315','陈建国','1985-08-20','{"name": "陈建国", "number": "330903198508201315", "sex": "男", "birth_date": "1985-08-20", "address": "浙江省舟山市普陀区沈家门街道东河路9号", "valid_from": "2013-05-30", "valid_until": "2033-05-30", "photo": "chip-valid"}',0,1,'2028-05-31','2025-07-31','2025-05-02',4,'13867205678');
INSERT INTO "persons" VALUES('soon','330902199011052623','李海燕','1990-11-05','{"name": "李海燕", "number": "330902199011052623", "sex": "女", "birth_date": "1990-11-05", "address": "浙江省舟山市定海区环城南路66号", "valid_from": "2015-07-31", "valid_until": "2025-07-31", "photo": "chip-soon"}',0,0,'2027-06-01','2030-05-31',NULL,0,'13588206789');
INSERT INTO "persons" VALUES('child','330921201507010178','张小宇','2015-07-01','{"name": "张小宇", "number": "330921201507010178", "sex": "男", "birth_date": "2015-07-01", "address": "浙江省舟山市岱山县高亭镇扬帆路3号", "valid_from": "2022-05-02", "valid_until": "2027-05-02", "photo": "chip-child"}',0,0,'2029-05-31',NULL,NULL,0,NULL);
INSERT INTO "persons" VALUES('official','330902197503180956','刘卫东','1975-03-18','{"name": "刘卫东", "number": "330902197503180956", "sex": "男", "birth_date": "1975-03-18", "address": "浙江省舟山市定海区人民北路100号", "valid_from": "2015-05-30", "valid_until": "2035-05-30", "photo": "chip-official"}',1,0,'2028-05-31','2031-05-31',NULL,9,'13706801111');
CREATE TABLE "prints" (
   "id" INTEGER PRIMARY KEY,
   "title" TEXT,
   "lines" TEXT
);
CREATE TABLE "vehicles" (
   "plate" TEXT PRIMARY KEY,
   "owner" TEXT,
   "model" TEXT,
   "inspection_due" TEXT,
   "inspection_passed" INTEGER
);
INSERT INTO "vehicles" VALUES('浙L12345','330903198508201315','小型轿车','2025-07-16',1);
INSERT INTO "vehicles" VALUES('浙L66666','330902199011052623','小型轿车','2025-07-01',1);
INSERT INTO "vehicles" VALUES('浙LA8888','330902197503180956','小型越野车','2026-03-28',0);
INSERT INTO "vehicles" VALUES('浙L54321','330902197503180956','小型轿车','2025-06-21',1);
CREATE TABLE "violations" (
   "id" TEXT PRIMARY KEY,
   "plate" TEXT,
   "what" TEXT,
   "fine" REAL,
   "points" INTEGER,
   "camera" INTEGER,
   "decided" TEXT,
   "paid" INTEGER
);
INSERT INTO "violations" VALUES('V1001','浙L12345','机动车违反禁止标线指示',100.0,3,1,'2025-05-22',0);
INSERT INTO "violations" VALUES('V1002','浙L12345','机动车违反规定停放',150.0,0,1,'2025-05-02',0);
INSERT INTO "violations" VALUES('V1003','浙L12345','超过规定时速50%以上',1000.0,12,1,'2025-05-27',0);
INSERT INTO "violations" VALUES('V2001','浙L54321','驾车闯红灯',200.0,6,1,'2025-05-29',0);
COMMIT;
