INSERT INTO labels (name) VALUES ('café');
