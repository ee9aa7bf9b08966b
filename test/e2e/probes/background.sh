sleep 1000 &
echo started a background job
