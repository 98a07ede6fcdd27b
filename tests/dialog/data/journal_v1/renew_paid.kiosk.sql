BEGIN TRANSACTION;
CREATE TABLE "journal" (
   "txn_id" TEXT PRIMARY KEY,
   "session_id" TEXT,
   "flow" TEXT,
   "status" TEXT,
   "order_id" TEXT,
   "amount" REAL,
   "submit" TEXT,
   "result" TEXT,
   "created_at" REAL,
   "updated_at" REAL
);
INSERT INTO "journal" VALUES('chat-20261206-094913-df760d4c4168-1','chat-20261206-094913-df760d4c4168','id_card.renew','paid','chat-20261206-094913-df760d4c4168-1-p1',20.0,'{"adapter": "household", "op": "submit_application", "args": {"id_number": "330902195304121241", "photo_id": "P0001", "delivery": "post", "reason": "expired", "order_id": "chat-20261206-094913-df760d4c4168-1-p1", "amount": 20.0, "flow": "id_card.renew"}}',NULL,1.79655055388890933995e+09,1.79655055389250636098e+09);
CREATE TABLE "misunderstood" (
   "id" INTEGER PRIMARY KEY,
   "session_id" TEXT,
   "at" REAL,
   "text" TEXT,
   "kind" TEXT,
   "guess" TEXT,
   "score" REAL,
   "second" TEXT,
   "state" TEXT,
   "flow" TEXT,
   "served" TEXT,
   "outcome" TEXT
);
CREATE TABLE "sessions" (
   "id" TEXT PRIMARY KEY,
   "started_at" REAL,
   "ended_at" REAL,
   "outcome" TEXT,
   "flow" TEXT,
   "turns" INTEGER,
   "where" TEXT
);
INSERT INTO "sessions" VALUES('chat-20261206-094913-df760d4c4168',1.79655055387986135485e+09,NULL,NULL,NULL,9,NULL);
CREATE TABLE "staff_calls" (
   "id" INTEGER PRIMARY KEY,
   "session_id" TEXT,
   "at" REAL,
   "urgent" INTEGER,
   "flow" TEXT,
   "reason" TEXT
);
CREATE TABLE "turns" (
   "session_id" TEXT,
   "n" INTEGER,
   "heard" TEXT,
   "intent" TEXT,
   "state" TEXT,
   "say" TEXT,
   "at" REAL,
   PRIMARY KEY ("session_id", "n")
);
INSERT INTO "turns" VALUES('chat-20261206-094913-df760d4c4168',0,'','','menu','您好，我是自助警务语音助手。请说您要办理的业务，或者按键选择：说''一''或按1，办理身份证业务；说''二''或按2，办理出入境签注；说''三''或按3，查询或缴纳交通违法罚款；说''四''或按4，办理驾驶证和车辆业务；说''五''或按5，拍证件照；说''六''或按6，听办事指南。需要工作人员请按0。',1.79655055388178563121e+09);
INSERT INTO "turns" VALUES('chat-20261206-094913-df760d4c4168',1,'<key:1>','household','submenu','办理身份证业务：说''一''或按1，换领身份证；说''二''或按2，补领身份证；说''三''或按3，查询身份证办理进度。返回上一级请按9。',1.79655055388281631465e+09);
INSERT INTO "turns" VALUES('chat-20261206-094913-df760d4c4168',2,'<key:1>','id_card.renew','card','好的，换领身份证。请把身份证放在读卡区。',1.79655055388371157651e+09);
INSERT INTO "turns" VALUES('chat-20261206-094913-df760d4c4168',3,'<card:expired>','','face','已读取王**的身份证。请看着屏幕上方的摄像头，做人脸核验。',1.79655055388467574124e+09);
INSERT INTO "turns" VALUES('chat-20261206-094913-df760d4c4168',4,'<face:ok>','','photo','人脸核验通过。照相亭在您右手边，靠墙，它会发出提示音。现在拍身份证照片。请坐正，摘下帽子，看着镜头。',1.79655055388543510438e+09);
INSERT INTO "turns" VALUES('chat-20261206-094913-df760d4c4168',5,'<photo:ok>','','choice','照片拍好了，质量合格。新证怎么领取？说''一''或按1，免费邮寄到家；说''二''或按2，到户籍窗口自己领。',1.79655055388641142844e+09);
INSERT INTO "turns" VALUES('chat-20261206-094913-df760d4c4168',6,'<key:1>','post','choice','好的。寄到定海区解放西路，短信发尾号1234，对吗？说''一''或按1，对；说''二''或按2，不对。',1.79655055388767838473e+09);
INSERT INTO "turns" VALUES('chat-20261206-094913-df760d4c4168',7,'<key:1>','ok','confirm','换领身份证，工本费20元，低保户到窗口免费换；新证有效期长期，免费邮寄到家。确认办理吗？说''是''或按1，说''不是''或按2。',1.79655055388827466968e+09);
INSERT INTO "turns" VALUES('chat-20261206-094913-df760d4c4168',8,'<key:1>','yes','payment','正在生成付款码，请稍等。请用微信或支付宝扫屏幕上的二维码，付20元。二维码在屏幕下方，键盘正上方。刷卡按2，交现金按3。',1.79655055389129400251e+09);
CREATE TABLE "unrecognised" (
   "id" INTEGER PRIMARY KEY,
   "text" TEXT,
   "state" TEXT,
   "flow" TEXT,
   "at" REAL
);
COMMIT;
