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
INSERT INTO "journal" VALUES('chat-20261206-094908-587f8ba5bfe5-1','chat-20261206-094908-587f8ba5bfe5','traffic.fine_payment','paid','chat-20261206-094908-587f8ba5bfe5-1-p1',317.5,'{"adapter": "traffic", "op": "pay_fines", "args": {"plate": "浙L12345", "ids": ["V1001", "V1002"], "order_id": "chat-20261206-094908-587f8ba5bfe5-1-p1", "amount": 317.5, "driver_id": "330903198508201315"}}',NULL,1.79655054832394647595e+09,1.79655054832840490337e+09);
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
INSERT INTO "sessions" VALUES('chat-20261206-094908-587f8ba5bfe5',1.79655054831349372864e+09,NULL,NULL,NULL,13,NULL);
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
INSERT INTO "turns" VALUES('chat-20261206-094908-587f8ba5bfe5',0,'','','menu','您好，我是自助警务语音助手。请说您要办理的业务，或者按键选择：说''一''或按1，办理身份证业务；说''二''或按2，办理出入境签注；说''三''或按3，查询或缴纳交通违法罚款；说''四''或按4，办理驾驶证和车辆业务；说''五''或按5，拍证件照；说''六''或按6，听办事指南。需要工作人员请按0。',1.79655054831468629838e+09);
INSERT INTO "turns" VALUES('chat-20261206-094908-587f8ba5bfe5',1,'<key:3>','traffic','submenu','查询或缴纳交通违法罚款：说''一''或按1，缴纳交通违法罚款；说''二''或按2，查询交通违法。返回上一级请按9。',1.79655054831558179851e+09);
INSERT INTO "turns" VALUES('chat-20261206-094908-587f8ba5bfe5',2,'<key:1>','traffic.fine_payment','slot','好的，缴纳交通违法罚款。请说车牌号，比如''浙L***45''。也可以用数字键输入车牌后五位，输完按井号键。',1.79655054831631588938e+09);
INSERT INTO "turns" VALUES('chat-20261206-094908-587f8ba5bfe5',3,'<key:1>','','slot','1',1.79655054831687355037e+09);
INSERT INTO "turns" VALUES('chat-20261206-094908-587f8ba5bfe5',4,'<key:2>','','slot','2',1.79655054831738018993e+09);
INSERT INTO "turns" VALUES('chat-20261206-094908-587f8ba5bfe5',5,'<key:3>','','slot','3',1.79655054831814408296e+09);
INSERT INTO "turns" VALUES('chat-20261206-094908-587f8ba5bfe5',6,'<key:4>','','slot','4',1.79655054831866097453e+09);
INSERT INTO "turns" VALUES('chat-20261206-094908-587f8ba5bfe5',7,'<key:5>','','slot','5',1.79655054831917834279e+09);
INSERT INTO "turns" VALUES('chat-20261206-094908-587f8ba5bfe5',8,'<key:#>','','readback','您说的是：浙 L 1 2 3 4 5，对吗？说''是''或按1，说''不是''或按2。',1.79655054831974554064e+09);
INSERT INTO "turns" VALUES('chat-20261206-094908-587f8ba5bfe5',9,'<key:1>','yes','choice','正在查询违法记录，请稍等。查到2条可以在这里缴款的违法记录，罚款250元，滞纳金67.5元，一共317.5元。另外1条要到交警窗口处理：5月27日超过规定时速50%以上，罚款1000元，超过200元。这次要记3分，记到开车人的驾驶证上。车是您本人开的吗？说''一''或按1，是我开的；说''二''或按2，不是我开的。',1.79655054832147455211e+09);
INSERT INTO "turns" VALUES('chat-20261206-094908-587f8ba5bfe5',10,'<key:1>','self','card','记分要用您的驾驶证，请把身份证放在读卡区。',1.79655054832213640215e+09);
INSERT INTO "turns" VALUES('chat-20261206-094908-587f8ba5bfe5',11,'<card:valid>','','confirm','已读取陈**的身份证。正在查询您的驾驶证，请稍等。现在缴纳317.5元吗？说''是''或按1，说''不是''或按2。',1.79655054832327413559e+09);
INSERT INTO "turns" VALUES('chat-20261206-094908-587f8ba5bfe5',12,'<key:1>','yes','payment','正在生成付款码，请稍等。请用微信或支付宝扫屏幕上的二维码，付317.5元。二维码在屏幕下方，键盘正上方。刷卡按2，交现金按3。',1.79655054832706236834e+09);
CREATE TABLE "unrecognised" (
   "id" INTEGER PRIMARY KEY,
   "text" TEXT,
   "state" TEXT,
   "flow" TEXT,
   "at" REAL
);
COMMIT;
